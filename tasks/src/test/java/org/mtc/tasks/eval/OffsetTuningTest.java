package org.mtc.tasks.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;

/** The offset search: it finds the rare class a biased head never answers, and is deterministic. */
class OffsetTuningTest {
  private static final LabelSpace LABELS = new LabelSpace("mood", List.of("big", "rare"));

  @Test
  void offsetsRecoverARareClassThatIsNeverTheArgmax() {
    // p(rare) is 0.3 on rare texts and 0.1 on the others: ranked right, never the argmax
    double[][] p = new double[40][];
    int[] gold = new int[40];
    for (int i = 0; i < 40; i++) {
      gold[i] = i % 8 == 0 ? 1 : 0;
      p[i] = gold[i] == 1 ? new double[] {0.7, 0.3} : new double[] {0.9, 0.1};
    }
    OffsetTuning.Result r = OffsetTuning.tune(LABELS, p, gold, OffsetTuning.Metric.MACRO_F1);
    assertThat(r.after()).isGreaterThan(r.before());
    assertThat(r.after()).isEqualTo(1.0);
    assertThat(r.offsets()[1] - r.offsets()[0]).isPositive();
    assertThat(OffsetTuning.tune(LABELS, p, gold, OffsetTuning.Metric.MACRO_F1).offsets())
        .isEqualTo(r.offsets());
  }

  @Test
  void nothingToGainKeepsEveryOffsetAtZero() {
    double[][] p = {{0.9, 0.1}, {0.2, 0.8}, {0.6, 0.4}};
    int[] gold = {0, 1, 0};
    OffsetTuning.Result r = OffsetTuning.tune(LABELS, p, gold, OffsetTuning.Metric.ACCURACY);
    assertThat(r.offsets()).containsExactly(0.0, 0.0);
    assertThat(r.after()).isEqualTo(r.before()).isEqualTo(1.0);
    assertThat(r.sweeps()).isEqualTo(1);
  }

  @Test
  void theGridRunsFromMinusThreeToThreeBySmallerMagnitudeFirst() {
    double[] grid = OffsetTuning.grid();
    assertThat(grid).hasSize(25);
    assertThat(grid[0]).isZero();
    assertThat(grid[1]).isEqualTo(-0.25);
    assertThat(grid[24]).isEqualTo(3.0);
    assertThatThrownBy(() -> OffsetTuning.Metric.parse("f2"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("macro-f1 or accuracy");
  }
}
