package org.mtc.heads;

import java.util.List;
import org.mtc.core.AdamWPolicy;
import org.mtc.core.StepOutcome;

/**
 * The heads' AdamW loop over {@link Param}s, following {@link AdamWPolicy} (PyTorch's {@code torch.optim.AdamW}
 * with global-norm clipping, bias correction, decoupled weight decay on parameters marked for it, and a skipped
 * step for a non-finite gradient norm). Stateless; the moments live in {@link Param}.
 */
final class AdamW {
  private AdamW() {
  }

  /**
   * Updates {@code params} in place with their accumulated gradients, then zeroes the gradients; a non-finite
   * gradient norm leaves values and moments as they were and only drops the gradients.
   *
   * @param step 1-based number of this step if it is taken, for bias correction
   * @param owner names the head in the outcome's reason
   */
  static StepOutcome step(List<Param> params, AdamWPolicy policy, double lr, long step, String owner) {
    double sumSquares = 0;
    for (Param p : params) {
      for (float g : p.grad()) {
        sumSquares += (double) g * g;
      }
    }
    AdamWPolicy.Plan plan = policy.plan(Math.sqrt(sumSquares), step, lr);
    if (plan.skipped()) {
      params.forEach(p -> java.util.Arrays.fill(p.grad(), 0f));
      return AdamWPolicy.outcome(plan, owner);
    }
    float scale = (float) plan.clipScale();
    float b1 = (float) policy.settings().beta1();
    float b2 = (float) policy.settings().beta2();
    float stepSize = (float) plan.stepSize();
    float sqrtCorrection2 = (float) Math.sqrt(plan.correction2());
    float eps = (float) policy.settings().epsilon();
    float decayFactor = (float) plan.decayFactor();
    for (Param p : params) {
      float[] w = p.value;
      float[] g = p.grad();
      float[] m = p.m();
      float[] v = p.v();
      float keep = p.decay ? decayFactor : 1f;
      for (int k = 0; k < w.length; k++) {
        float gk = g[k] * scale;
        m[k] = b1 * m[k] + (1 - b1) * gk;
        v[k] = b2 * v[k] + (1 - b2) * gk * gk;
        w[k] = w[k] * keep - stepSize * m[k] / ((float) Math.sqrt(v[k]) / sqrtCorrection2 + eps);
        g[k] = 0f;
      }
    }
    return AdamWPolicy.outcome(plan, owner);
  }
}
