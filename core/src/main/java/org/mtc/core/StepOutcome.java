package org.mtc.core;

/**
 * What one optimiser step did, as {@link Backbone#applyGradients} and {@link TaskHead#step} return
 * it: taken, skipped (the gradient norm was NaN or infinite, see {@link AdamWPolicy}), or nothing
 * to train. The trainer reports a skipped step to its listener and in {@code train.log}. An
 * immutable value.
 *
 * @param skipped whether the step was skipped and the weights left as they were
 * @param gradientNorm the global gradient norm before clipping (0 when nothing trains)
 * @param reason why the step was skipped, naming the owner, the norm and what to do; {@code ""}
 *     unless skipped
 */
public record StepOutcome(boolean skipped, double gradientNorm, String reason) {
  /** Nothing trains (a frozen encoder, a head without pending gradients). */
  public static final StepOutcome NOTHING = new StepOutcome(false, 0, "");

  public static StepOutcome taken(double gradientNorm) {
    return new StepOutcome(false, gradientNorm, "");
  }

  /** A skipped step of {@code owner} ("head 'sentiment'", "the djl encoder"). */
  public static StepOutcome skipped(double gradientNorm, String owner) {
    return new StepOutcome(
        true,
        gradientNorm,
        owner
            + ": gradient norm is "
            + gradientNorm
            + ", so this step "
            + "was skipped (weights and optimizer moments unchanged, the gradients dropped); if it repeats, the loss "
            + "diverged: lower the learning rate or check the inputs for NaN");
  }
}
