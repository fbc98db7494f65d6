package org.mtc.heads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtc.core.AdamWSettings;
import org.mtc.core.LabelSpace;
import org.mtc.core.StepOutcome;
import org.mtc.core.TaskHead;
import org.mtc.core.TaskKind;

/**
 * A non-finite gradient skips the head's step (the project's one rule, {@link
 * org.mtc.core.AdamWPolicy}): the weights and moments stay, the gradients are dropped, the outcome
 * names the head, and training goes on. Heads used to throw here while the encoders skipped
 * silently.
 */
class NonFiniteStepTest {
  private static final int IN = 8;
  private static final AdamWSettings ADAM = AdamWSettings.DEEP_PAVLOV;

  private static TaskHead head() {
    return Heads.create(
        "s",
        TaskKind.SINGLE_LABEL,
        new LabelSpace("s", List.of("a", "b")),
        IN,
        HeadSettings.DEFAULTS,
        1);
  }

  @Test
  void aNanGradientSkipsTheStepKeepsTheWeightsAndSaysWhy() {
    TaskHead head = head();
    float[][] x = GradientCheckTest.randomMatrix(2, IN, 1.0, 3);
    float[][] t = {{1, 0}, {0, 1}};
    var before = head.state();
    var optimizerBefore = head.optimizerState();
    float[][] poisoned = {x[0].clone(), x[1]};
    poisoned[0][0] = Float.NaN;
    head.forwardBackward(poisoned, t, 0);
    StepOutcome skipped = head.step(ADAM, 1e-2);
    assertThat(skipped.skipped()).isTrue();
    assertThat(skipped.gradientNorm()).isNaN();
    assertThat(skipped.reason()).contains("head 's'").contains("NaN").contains("skipped");
    assertThat(head.state()).isEqualTo(before);
    assertThat(head.optimizerState()).isEqualTo(optimizerBefore);

    head.forwardBackward(x, t, 1); // the dropped NaN gradients do not leak into the next step
    StepOutcome taken = head.step(ADAM, 1e-2);
    assertThat(taken.skipped()).isFalse();
    assertThat(taken.gradientNorm()).isFinite().isPositive();
    assertThat(head.state()).isNotEqualTo(before);
    assertThat(head.optimizerState().get("steps").data())
        .containsExactly(0f, 1f); // the skipped step did not count
  }

  @Test
  void aStepWithoutGradientsIsNothing() {
    assertThat(head().step(ADAM, 1e-2)).isEqualTo(StepOutcome.NOTHING);
  }
}
