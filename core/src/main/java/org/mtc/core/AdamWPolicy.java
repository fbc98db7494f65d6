package org.mtc.core;

import org.mtc.core.model.EncoderLayout;

/**
 * The one AdamW step rule of the project, read by every implementation (the heads' plain-Java loop,
 * the DJL engine's NDArray updates, the TF engine's graph ops), which keep only their own
 * arithmetic: {@code torch.optim.AdamW} with bias correction, decoupled weight decay ({@code p *= 1
 * - lr * wd}) except on biases and LayerNorm parameters, the moments fed the gradient scaled so
 * that the global norm (over all the optimiser's parameters) is at most {@code gradientClipNorm}
 * ({@code clip_grad_norm_}), and one rule for a non-finite gradient norm: the step is
 * <em>skipped</em> (weights, moments and step count unchanged, gradients dropped) and reported as a
 * skipped {@link StepOutcome}, never thrown and never hidden.
 *
 * <p>Immutable and thread-safe.
 */
public record AdamWPolicy(AdamWSettings settings) {
  /** Added to the norm when clipping, as PyTorch's {@code clip_grad_norm_} does. */
  public static final double CLIP_EPSILON = 1e-6;

  public AdamWPolicy {
    if (settings == null) {
      throw new MtcException("AdamW needs its settings (mtc.train.optimizer.*); none were given");
    }
  }

  /**
   * The numbers of one step, decided from the global gradient norm before clipping.
   *
   * @param skipped whether the step is skipped (the norm is NaN or infinite); then only {@code
   *     gradientNorm} is meaningful
   * @param gradientNorm the global gradient norm before clipping
   * @param step 1-based number of the step taken (steps skipped before do not count)
   * @param clipScale factor on the gradient, 1 unless the norm exceeds the clip norm
   * @param correction1 {@code 1 - beta1^step}
   * @param correction2 {@code 1 - beta2^step}
   * @param stepSize {@code lr / correction1}
   * @param decayFactor {@code 1 - lr * weightDecay}, applied to parameters that {@link #decays}
   *     names
   */
  public record Plan(
      boolean skipped,
      double gradientNorm,
      long step,
      double clipScale,
      double correction1,
      double correction2,
      double stepSize,
      double decayFactor) {}

  /**
   * Plans step number {@code step} (1-based, counting steps taken) with learning rate {@code
   * learningRate}. A non-finite {@code gradientNorm} plans a skipped step.
   */
  public Plan plan(double gradientNorm, long step, double learningRate) {
    if (!Double.isFinite(gradientNorm)) {
      return new Plan(true, gradientNorm, step, 0, 0, 0, 0, 1);
    }
    double clip = settings.gradientClipNorm();
    double clipScale = clip > 0 && gradientNorm > clip ? clip / (gradientNorm + CLIP_EPSILON) : 1.0;
    double correction1 = 1 - Math.pow(settings.beta1(), step);
    double correction2 = 1 - Math.pow(settings.beta2(), step);
    return new Plan(
        false,
        gradientNorm,
        step,
        clipScale,
        correction1,
        correction2,
        learningRate / correction1,
        1 - learningRate * settings.weightDecay());
  }

  /**
   * Whether decoupled weight decay applies to the parameter named {@code name} (not to biases or
   * LayerNorm).
   */
  public boolean decays(String name) {
    return settings.weightDecay() > 0 && !EncoderLayout.exemptFromDecay(name);
  }

  /** What {@code owner} (a head or an encoder) reports for {@code plan}. */
  public static StepOutcome outcome(Plan plan, String owner) {
    return plan.skipped()
        ? StepOutcome.skipped(plan.gradientNorm(), owner)
        : StepOutcome.taken(plan.gradientNorm());
  }
}
