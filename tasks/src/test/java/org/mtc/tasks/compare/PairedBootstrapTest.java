package org.mtc.tasks.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.tasks.eval.Metrics;
import org.mtc.tasks.eval.TaskMetrics;

/** Paired-bootstrap intervals, verdicts and point estimates agree with what the data say. */
class PairedBootstrapTest {

  @Test
  void identicalModelsShowNoDifference() {
    Outcomes a = random("t", 300, 4, 0.7, 1);
    Comparison c = PairedBootstrap.compare(Map.of("t", a), Map.of("t", a), 500, 3);
    TaskComparison t = c.tasks().get(0);
    assertThat(t.accuracy().estimate()).isZero();
    assertThat(t.accuracy().low()).isZero();
    assertThat(t.accuracy().high()).isZero();
    assertThat(t.accuracy().verdict()).isEqualTo(Interval.NO_DIFFERENCE);
    assertThat(c.meanAccuracy().verdict()).isEqualTo(Interval.NO_DIFFERENCE);
  }

  @Test
  void clearDifferencesGetAVerdictAndSmallOnesDoNot() {
    Map<String, Outcomes> mt =
        Map.of(
            "better",
            random("better", 500, 3, 0.95, 1),
            "worse",
            random("worse", 500, 3, 0.55, 2),
            "same",
            random("same", 500, 3, 0.70, 3));
    Map<String, Outcomes> st =
        Map.of(
            "better",
            random("better", 500, 3, 0.60, 4),
            "worse",
            random("worse", 500, 3, 0.90, 5),
            "same",
            random("same", 500, 3, 0.70, 6));
    Comparison c = PairedBootstrap.compare(new TreeMap<>(mt), st, 1000, 11);
    Map<String, TaskComparison> byTask = new HashMap<>();
    c.tasks().forEach(t -> byTask.put(t.task(), t));
    assertThat(byTask.get("better").accuracy().verdict()).isEqualTo(Interval.MULTITASK_BETTER);
    assertThat(byTask.get("worse").accuracy().verdict()).isEqualTo(Interval.SINGLE_TASK_BETTER);
    assertThat(byTask.get("same").accuracy().verdict()).isEqualTo(Interval.NO_DIFFERENCE);
    assertThat(byTask.get("better").accuracy().estimate()).isCloseTo(0.35, within(0.06));
    // two independent models at 70% on 500 examples: sd of the paired difference about 0.029, so
    // the 95%
    // interval spans about 4 sd
    Interval same = byTask.get("same").accuracy();
    assertThat(same.high() - same.low()).isBetween(0.08, 0.15);
    assertThat(same.low()).isLessThan(same.estimate());
    assertThat(same.high()).isGreaterThan(same.estimate());
  }

  @Test
  void pointEstimatesAreTheMetricsOfTheWholeTestSet() {
    int[] gold = {0, 1, 2, 2, 1, 0, 0, 2};
    int[] predicted = {0, 1, 1, 2, 1, 2, 0, 0};
    Outcomes o = Outcomes.singleLabel("t", 4, gold, predicted);
    TaskMetrics m =
        Metrics.singleLabel("t", new LabelSpace("t", List.of("a", "b", "c", "d")), gold, predicted);
    assertThat(o.accuracy(o.all())).isEqualTo(m.accuracy());
    assertThat(o.macroF1(o.all())).isCloseTo(m.macroF1(), within(1e-12));

    boolean[][] g = {{true, false, false}, {false, true, true}, {false, false, false}};
    boolean[][] p = {{true, false, false}, {false, true, false}, {true, false, false}};
    Outcomes multi = Outcomes.multiLabel("m", g, p);
    TaskMetrics mm = Metrics.multiLabel("m", new LabelSpace("m", List.of("x", "y", "z")), g, p);
    assertThat(multi.accuracy(multi.all())).isEqualTo(mm.accuracy());
    assertThat(multi.macroF1(multi.all())).isCloseTo(mm.macroF1(), within(1e-12));
  }

  @Test
  void theSameSeedGivesTheSameIntervals() {
    Map<String, Outcomes> mt = Map.of("t", random("t", 200, 3, 0.8, 1));
    Map<String, Outcomes> st = Map.of("t", random("t", 200, 3, 0.75, 2));
    assertThat(PairedBootstrap.compare(mt, st, 300, 5))
        .isEqualTo(PairedBootstrap.compare(mt, st, 300, 5));
    assertThat(PairedBootstrap.compare(mt, st, 300, 5).tasks().get(0).accuracy())
        .isNotEqualTo(PairedBootstrap.compare(mt, st, 300, 6).tasks().get(0).accuracy());
  }

  @Test
  void modelsScoredOnDifferentExamplesAreRefused() {
    Map<String, Outcomes> mt = Map.of("t", random("t", 200, 3, 0.8, 1));
    Map<String, Outcomes> st = Map.of("t", random("t", 199, 3, 0.8, 1));
    assertThatThrownBy(() -> PairedBootstrap.compare(mt, st, 100, 1))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("task t")
        .hasMessageContaining("different test examples");
    assertThatThrownBy(() -> PairedBootstrap.compare(mt, mt, 0, 1))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("resamples");
  }

  @Test
  void seedsGiveMeanSdAndStudentInterval() {
    List<Comparison> runs = List.of(run(0.80, 0.79), run(0.82, 0.80), run(0.84, 0.81));
    SeedSummary s = SeedSummary.of(List.of(1L, 2L, 3L), runs);
    SeedSummary.TaskSpread t = s.tasks().get(0);
    assertThat(t.multitaskMean()).isCloseTo(0.82, within(1e-9));
    assertThat(t.multitaskSd()).isCloseTo(0.02, within(1e-9));
    assertThat(t.accuracy().estimate()).isCloseTo(0.02, within(1e-9));
    // differences 0.01, 0.02, 0.03: sd 0.01, t(2) = 4.303
    assertThat(t.accuracy().high() - t.accuracy().estimate())
        .isCloseTo(4.303 * 0.01 / Math.sqrt(3), within(1e-6));
    assertThat(s.meanAccuracy().estimate()).isCloseTo(0.02, within(1e-9));
    assertThat(SeedSummary.of(List.of(1L), runs.subList(0, 1)).meanAccuracy().low()).isNaN();
  }

  private static Comparison run(double mt, double st) {
    TaskComparison t =
        new TaskComparison(
            "t",
            100,
            mt,
            st,
            new Interval(mt - st, mt - st - 0.01, mt - st + 0.01),
            0.5,
            0.5,
            new Interval(0, 0, 0));
    return new Comparison(List.of(t), t.accuracy(), new Interval(0, 0, 0), 100, 1);
  }

  /**
   * {@code n} examples with uniformly random gold labels, each predicted right with probability
   * {@code p}.
   */
  private static Outcomes random(String task, int n, int labels, double p, long seed) {
    Random r = new Random(seed);
    Random goldRandom = new Random(42);
    int[] gold = new int[n];
    int[] predicted = new int[n];
    for (int i = 0; i < n; i++) {
      gold[i] = goldRandom.nextInt(labels);
      predicted[i] = r.nextDouble() < p ? gold[i] : (gold[i] + 1 + r.nextInt(labels - 1)) % labels;
    }
    return Outcomes.singleLabel(task, labels, gold, predicted);
  }
}
