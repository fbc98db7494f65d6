package org.mtc.heads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mtc.core.MtcException;
import org.mtc.core.TaskKind;

/** Threshold tuning under each {@link MultiLabelMetric}, and the label-prior bias start. */
class MultiLabelTuningTest {
  /**
   * Label 0: 10 positives at 0.9, 10 negatives at 0.1 (separable). Label 1: one positive and three
   * negatives, all at 0.3. Predicting label 1 (threshold <= 0.3) earns its only F1 (0.4) but costs
   * three false positives.
   */
  private static final float[][] P = new float[20][];

  private static final boolean[][] GOLD = new boolean[20][];

  static {
    for (int r = 0; r < 20; r++) {
      P[r] = new float[] {r < 10 ? 0.9f : 0.1f, r < 4 ? 0.3f : 0.05f};
      GOLD[r] = new boolean[] {r < 10, r == 0};
    }
  }

  @Test
  void macroF1PredictsTheRareLabelWhileMicroF1AndExactMatchDropIt() {
    assertThat(ThresholdTuning.tune(P, GOLD, MultiLabelMetric.MACRO_F1)[1]).isEqualTo(0.3f);
    // micro: 20 / 21 with label 1 off beats 22 / 25 with it on; exact match: 19 rows beat 17
    assertThat(ThresholdTuning.tune(P, GOLD, MultiLabelMetric.MICRO_F1)[1]).isEqualTo(0.5f);
    assertThat(ThresholdTuning.tune(P, GOLD, MultiLabelMetric.EXACT_MATCH)[1]).isEqualTo(0.5f);
    for (MultiLabelMetric m : MultiLabelMetric.values()) {
      assertThat(ThresholdTuning.tune(P, GOLD, m)[0]).as(m.configName()).isEqualTo(0.5f);
    }
  }

  @Test
  void exactMatchCouplesTheLabels() {
    // label 1's positives (0.4) sit only in rows where label 0 is wrong at every threshold (p = 1,
    // gold false), and
    // predicting them also predicts row 2's negative (0.45): micro-F1 gains two true positives,
    // exact match only
    // loses row 2
    float[][] p = {{1f, 0.4f}, {1f, 0.4f}, {0.1f, 0.45f}, {0.1f, 0.1f}};
    boolean[][] gold = {{false, true}, {false, true}, {false, false}, {false, false}};
    assertThat(ThresholdTuning.tune(p, gold, MultiLabelMetric.MICRO_F1)[1]).isEqualTo(0.4f);
    assertThat(ThresholdTuning.tune(p, gold, MultiLabelMetric.EXACT_MATCH)[1]).isEqualTo(0.5f);
  }

  @Test
  void tunedThresholdsNeverScoreBelowTheUntunedOnTheTuningData() {
    Random random = new Random(5);
    int n = 200;
    int labels = 6;
    float[][] p = new float[n][labels];
    boolean[][] gold = new boolean[n][labels];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < labels; j++) {
        gold[r][j] = random.nextDouble() < 0.05 + 0.1 * j;
        p[r][j] =
            (float)
                Math.min(1, Math.max(0, (gold[r][j] ? 0.35 : 0.15) + 0.2 * random.nextGaussian()));
      }
    }
    float[] half = new float[labels];
    Arrays.fill(half, 0.5f);
    for (MultiLabelMetric m : MultiLabelMetric.values()) {
      float[] tuned = ThresholdTuning.tune(p, gold, m);
      assertThat(score(p, gold, tuned, m))
          .as(m.configName())
          .isGreaterThanOrEqualTo(score(p, gold, half, m));
      assertThat(score(p, gold, tuned, m)).as(m.configName()).isGreaterThan(0);
    }
  }

  @Test
  void shapesAreChecked() {
    assertThatThrownBy(
            () ->
                ThresholdTuning.tune(
                    new float[][] {{0.1f, 0.2f}},
                    new boolean[][] {{true}},
                    MultiLabelMetric.MICRO_F1))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("row 0");
  }

  @Test
  void labelPriorsSetTheStartingProbabilities() {
    DenseHead head =
        (DenseHead)
            Heads.create(
                "m",
                TaskKind.MULTI_LABEL,
                HeadsFileTest.labels("m", 3),
                4,
                HeadSettings.DEFAULTS,
                1);
    float[][] zero = new float[1][4]; // pooler(0) = tanh(0) = 0, so the logits are the biases
    assertThat(head.probabilities(zero)[0]).containsExactly(0.5f, 0.5f, 0.5f);
    head.startFromLabelPriors(new long[] {0, 25, 99}, 99);
    float[] p = head.probabilities(zero)[0];
    assertThat(p[0]).isCloseTo(0.5f / 100, within(1e-6f));
    assertThat(p[1]).isCloseTo(25.5f / 100, within(1e-6f));
    assertThat(p[2]).isCloseTo(99.5f / 100, within(1e-6f));
    assertThatThrownBy(() -> head.startFromLabelPriors(new long[] {1, 2}, 10))
        .hasMessageContaining("3 positive");
    assertThatThrownBy(() -> head.startFromLabelPriors(new long[] {1, 2, 11}, 10))
        .hasMessageContaining("'l2'");
  }

  private static double score(
      float[][] p, boolean[][] gold, float[] thresholds, MultiLabelMetric m) {
    int labels = thresholds.length;
    long[] tp = new long[labels];
    long[] fp = new long[labels];
    long[] fn = new long[labels];
    long exact = 0;
    for (int r = 0; r < p.length; r++) {
      boolean same = true;
      for (int j = 0; j < labels; j++) {
        boolean predicted = p[r][j] >= thresholds[j];
        tp[j] += predicted && gold[r][j] ? 1 : 0;
        fp[j] += predicted && !gold[r][j] ? 1 : 0;
        fn[j] += !predicted && gold[r][j] ? 1 : 0;
        same &= predicted == gold[r][j];
      }
      exact += same ? 1 : 0;
    }
    return switch (m) {
      case EXACT_MATCH -> (double) exact / p.length;
      case MICRO_F1 -> f1(sum(tp), sum(fp), sum(fn));
      case MACRO_F1 -> {
        double s = 0;
        for (int j = 0; j < labels; j++) {
          s += f1(tp[j], fp[j], fn[j]);
        }
        yield s / labels;
      }
    };
  }

  private static long sum(long[] a) {
    return Arrays.stream(a).sum();
  }

  private static double f1(long tp, long fp, long fn) {
    return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
  }
}
