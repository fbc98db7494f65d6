package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlateauScheduleTest {
  @Test
  void halvesOnPlateausAtMostTwiceAndStopsAfterThreeEvaluationsWithoutImprovement() {
    PlateauSchedule s = new PlateauSchedule(2, 2, 3);
    double[] means = {0.5, 0.6, 0.6, 0.59, 0.61, 0.6, 0.6, 0.6};
    List<PlateauSchedule.Decision> d = new ArrayList<>();
    for (double m : means) {
      d.add(s.record(m));
    }
    assertThat(d)
        .extracting(PlateauSchedule.Decision::improved)
        .containsExactly(true, true, false, false, true, false, false, false);
    assertThat(d)
        .extracting(PlateauSchedule.Decision::halved)
        .containsExactly(false, false, false, true, false, false, true, false);
    assertThat(d)
        .extracting(PlateauSchedule.Decision::stop)
        .containsExactly(false, false, false, false, false, false, false, true);
    assertThat(d)
        .extracting(PlateauSchedule.Decision::learningRateScale)
        .containsExactly(1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25);
    assertThat(s.best()).isEqualTo(0.61);
  }

  @Test
  void neverHalvesMoreThanAllowed() {
    PlateauSchedule s = new PlateauSchedule(1, 1, 100);
    s.record(0.5);
    for (int i = 0; i < 5; i++) {
      s.record(0.4);
    }
    assertThat(s.halvings()).isEqualTo(1);
    assertThat(s.scale()).isEqualTo(0.5);
  }
}
