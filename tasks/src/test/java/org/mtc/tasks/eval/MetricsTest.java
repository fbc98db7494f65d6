package org.mtc.tasks.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.core.TaskKind;
import org.mtc.heads.MultiLabelMetric;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.predict.Evaluator;

class MetricsTest {
  private static final Offset<Double> EPS = within(1e-9);
  private static final LabelSpace ABCD = new LabelSpace("t", List.of("a", "b", "c", "d"));

  @Test
  void singleLabelPerClassScoresAndMacroOverLabelsSeen() {
    // gold a a a b b c, predicted a a b b c a; d never occurs and is left out of the macro average.
    TaskMetrics m =
        Metrics.singleLabel("t", ABCD, new int[] {0, 0, 0, 1, 1, 2}, new int[] {0, 0, 1, 1, 2, 0});
    assertThat(m.kind()).isEqualTo(TaskKind.SINGLE_LABEL);
    assertThat(m.n()).isEqualTo(6);
    assertThat(m.accuracy()).isCloseTo(0.5, EPS);
    assertThat(m.microF1()).isCloseTo(0.5, EPS);
    assertThat(m.perLabel().get("a")).isEqualTo(new LabelScores(2.0 / 3, 2.0 / 3, 2.0 / 3, 3));
    assertThat(m.perLabel().get("b")).isEqualTo(new LabelScores(0.5, 0.5, 0.5, 2));
    assertThat(m.perLabel().get("c")).isEqualTo(new LabelScores(0, 0, 0, 1));
    assertThat(m.perLabel().get("d")).isEqualTo(new LabelScores(0, 0, 0, 0));
    assertThat(m.macroF1()).isCloseTo((2.0 / 3 + 0.5 + 0) / 3, EPS);
    assertThat(m.perLabel().keySet()).containsExactly("a", "b", "c", "d");
  }

  @Test
  void theSelectionScoreIsAccuracyForSingleLabelAndTheChosenMetricForMultiLabel() {
    TaskMetrics single = new TaskMetrics("s", TaskKind.SINGLE_LABEL, 4, 0.5, 0.3, 0.5, Map.of());
    TaskMetrics multi = new TaskMetrics("m", TaskKind.MULTI_LABEL, 4, 0.1, 0.2, 0.4, Map.of());
    assertThat(multi.score(MultiLabelMetric.EXACT_MATCH)).isEqualTo(0.1);
    assertThat(multi.score(MultiLabelMetric.MACRO_F1)).isEqualTo(0.2);
    assertThat(multi.score(MultiLabelMetric.MICRO_F1)).isEqualTo(0.4);
    for (MultiLabelMetric metric : MultiLabelMetric.values()) {
      assertThat(single.score(metric)).isEqualTo(0.5);
    }
    Map<String, TaskMetrics> both = Map.of("s", single, "m", multi);
    assertThat(Evaluator.meanDevScore(both, MultiLabelMetric.MACRO_F1)).isCloseTo(0.35, EPS);
    assertThat(Evaluator.meanAccuracy(both)).isCloseTo(0.3, EPS);
  }

  @Test
  void singleLabelMacroCountsALabelThatIsOnlyPredicted() {
    // gold a b, predicted a d: a F1 1, b F1 0, d F1 0 (only predicted), c absent -> (1 + 0 + 0) /
    // 3.
    TaskMetrics m = Metrics.singleLabel("t", ABCD, new int[] {0, 1}, new int[] {0, 3});
    assertThat(m.macroF1()).isCloseTo(1.0 / 3, EPS);
    assertThat(m.perLabel().get("d")).isEqualTo(new LabelScores(0, 0, 0, 0));
  }

  @Test
  void multiLabelExactMatchMicroAndMacroOverAllLabels() {
    LabelSpace xyzw = new LabelSpace("m", List.of("x", "y", "z", "w"));
    boolean[][] gold = {
      {true, false, true, false},
      {false, true, false, false},
      {true, true, false, false},
      {false, false, false, false}
    };
    boolean[][] pred = {
      {true, false, false, false},
      {false, true, false, false},
      {true, false, true, false},
      {false, false, false, false}
    };
    TaskMetrics m = Metrics.multiLabel("m", xyzw, gold, pred);
    assertThat(m.accuracy()).isCloseTo(0.5, EPS);
    assertThat(m.perLabel().get("x")).isEqualTo(new LabelScores(1, 1, 1, 2));
    assertThat(m.perLabel().get("y")).isEqualTo(new LabelScores(1, 0.5, 2.0 / 3, 2));
    assertThat(m.perLabel().get("z")).isEqualTo(new LabelScores(0, 0, 0, 1));
    assertThat(m.perLabel().get("w")).isEqualTo(new LabelScores(0, 0, 0, 0));
    // tp 3, fp 1, fn 2 -> 2*3 / (2*3 + 1 + 2)
    assertThat(m.microF1()).isCloseTo(6.0 / 9, EPS);
    assertThat(m.macroF1()).isCloseTo((1 + 2.0 / 3 + 0 + 0) / 4, EPS);
  }

  @Test
  void toJsonHasTheDocumentedKeys() {
    TaskMetrics single = Metrics.singleLabel("t", ABCD, new int[] {0, 1}, new int[] {0, 1});
    Map<String, Object> json = single.toJson();
    assertThat(json).containsOnlyKeys("accuracy", "macro_f1", "n", "per_label");
    assertThat(json.get("n")).isEqualTo(2);
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> perLabel =
        (Map<String, Map<String, Object>>) json.get("per_label");
    assertThat(perLabel.get("a"))
        .containsEntry("precision", 1.0)
        .containsEntry("recall", 1.0)
        .containsEntry("f1", 1.0)
        .containsEntry("support", 1);
    TaskMetrics multi =
        Metrics.multiLabel(
            "m",
            new LabelSpace("m", List.of("x")),
            new boolean[][] {{true}},
            new boolean[][] {{true}});
    assertThat(multi.toJson())
        .containsOnlyKeys("accuracy", "macro_f1", "micro_f1", "n", "per_label");
  }

  @Test
  void emptyInputScoresZeroAndBadShapesAreRejected() {
    TaskMetrics m = Metrics.singleLabel("t", ABCD, new int[0], new int[0]);
    assertThat(m.accuracy()).isZero();
    assertThat(m.macroF1()).isZero();
    assertThatThrownBy(() -> Metrics.singleLabel("t", ABCD, new int[] {0}, new int[] {}))
        .isInstanceOf(MtcException.class);
    assertThatThrownBy(() -> Metrics.singleLabel("t", ABCD, new int[] {4}, new int[] {0}))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("outside [0, 4)");
    assertThatThrownBy(
            () -> Metrics.multiLabel("m", ABCD, new boolean[][] {{true}}, new boolean[][] {{true}}))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("the task has 4 labels");
  }

  private static Example ex(int... labels) {
    return new Example("", labels, "f:1");
  }

  @Test
  void majorityBaselinePredictsTheMostFrequentLabelOrSet() {
    assertThat(
            Metrics.majorityAccuracy(
                List.of(ex(0), ex(0), ex(1)), List.of(ex(0), ex(1), ex(0), ex(2))))
        .isCloseTo(0.5, EPS);
    // Multi-label: the empty set is the most frequent combination.
    List<Example> train = List.of(ex(), ex(), ex(0), ex(0, 1), ex(1, 0), ex());
    assertThat(Metrics.majorityAccuracy(train, List.of(ex(), ex(0), ex()))).isCloseTo(2.0 / 3, EPS);
    // {0,1} and {1,0} are one set: with two more it beats the empty set.
    List<Example> sets = List.of(ex(), ex(0, 1), ex(1, 0), ex(0, 1), ex(), ex());
    assertThat(Metrics.majorityAccuracy(sets, List.of(ex(0, 1), ex()))).isCloseTo(0.5, EPS);
    // A tie goes to the label seen first in train.
    assertThat(Metrics.majorityAccuracy(List.of(ex(1), ex(0), ex(0), ex(1)), List.of(ex(1))))
        .isCloseTo(1.0, EPS);
    assertThat(Metrics.majorityAccuracy(List.of(ex(1)), List.of())).isZero();
  }
}
