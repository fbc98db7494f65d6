package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mtc.core.MtcException;

class TaskUncertaintiesTest {
  private static final TaskWeightingSettings UNCERTAINTY =
      new TaskWeightingSettings(TaskWeighting.UNCERTAINTY, 0.05);
  private static final TaskWeightingSettings NONE =
      new TaskWeightingSettings(TaskWeighting.NONE, 0.05);

  @Test
  void forASteadyLossTheLogVarianceSettlesAtLogOfTwiceTheLoss() {
    TaskUncertainties u = new TaskUncertainties(List.of("easy", "hard"), 0.05);
    assertThat(u.weights()).containsExactly(entry("easy", 1.0), entry("hard", 1.0));
    for (int i = 0; i < 2000; i++) {
      u.learn("easy", 0.1);
      u.learn("hard", 3.0);
    }
    assertThat(u.logVariances().get(0)).isCloseTo(Math.log(0.2), within(1e-9));
    assertThat(u.logVariances().get(1)).isCloseTo(Math.log(6.0), within(1e-9));
    assertThat(u.weight("easy")).isCloseTo(1 / 0.2, within(1e-8)); // exp(-s) = 1 / (2 L)
    assertThat(u.weight("hard")).isLessThan(u.weight("easy"));
  }

  @Test
  void aNonFiniteLossLeavesTheWeightAlone() {
    TaskUncertainties u = new TaskUncertainties(List.of("a"), 0.05);
    u.learn("a", Double.NaN);
    u.learn("a", Double.POSITIVE_INFINITY);
    assertThat(u.logVariances()).containsExactly(0.0);
  }

  @Test
  void aResumedRunContinuesFromTheCheckpointsLogVariances() {
    TaskUncertainties u = new TaskUncertainties(List.of("a", "b"), 0.05);
    u.learn("b", 2.0);
    Optional<TaskUncertainties> resumed = TaskUncertainties.of(UNCERTAINTY, List.of("a", "b"));
    TaskUncertainties.resume(resumed, u.logVariances(), Path.of("run/resume"), UNCERTAINTY);
    assertThat(resumed.orElseThrow().logVariances()).isEqualTo(u.logVariances());
    assertThat(TaskUncertainties.of(NONE, List.of("a"))).isEmpty();
    TaskUncertainties.resume(Optional.empty(), null, Path.of("run/resume"), NONE); // as before
  }

  @Test
  void aCheckpointOfAnotherWeightingIsRefused() {
    Path checkpoint = Path.of("run/resume");
    Optional<TaskUncertainties> weighted = TaskUncertainties.of(UNCERTAINTY, List.of("a", "b"));
    assertThatThrownBy(() -> TaskUncertainties.resume(weighted, null, checkpoint, UNCERTAINTY))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("run/resume has no task weights")
        .hasMessageContaining("mtc.train.task-weighting = uncertainty")
        .hasMessageContaining("settings.conf");
    assertThatThrownBy(
            () -> TaskUncertainties.resume(Optional.empty(), List.of(0.0, 0.1), checkpoint, NONE))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("has learned task weights")
        .hasMessageContaining("mtc.train.task-weighting = none");
    assertThatThrownBy(
            () -> TaskUncertainties.resume(weighted, List.of(0.0), checkpoint, UNCERTAINTY))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("1 tasks, this run has 2");
  }
}
