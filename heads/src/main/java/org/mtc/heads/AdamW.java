package org.mtc.heads;

import java.util.List;
import org.mtc.core.AdamWSettings;
import org.mtc.core.MtcException;

/**
 * AdamW as in PyTorch's {@code torch.optim.AdamW}: decoupled weight decay ({@code p -= lr * wd * p}, only on
 * parameters marked for decay), bias-corrected moments, and optional clipping of the global gradient norm of
 * the given parameters (as {@code clip_grad_norm_}) before the update. Stateless; the moments live in
 * {@link Param}.
 */
final class AdamW {
  private AdamW() {
  }

  /**
   * Updates {@code params} in place with their accumulated gradients, then zeroes the gradients.
   *
   * @param step 1-based number of this step, for bias correction
   * @param owner names the head in error messages
   */
  static void step(List<Param> params, AdamWSettings s, double lr, long step, String owner) {
    double sumSquares = 0;
    for (Param p : params) {
      for (float g : p.grad()) {
        sumSquares += (double) g * g;
      }
    }
    double norm = Math.sqrt(sumSquares);
    if (!Double.isFinite(norm)) {
      throw new MtcException("head '" + owner + "': gradient norm is " + norm + " at step " + step
          + "; the loss diverged: lower the learning rate or check the inputs for NaN");
    }
    double clip = s.gradientClipNorm();
    float scale = clip > 0 && norm > clip ? (float) (clip / (norm + 1e-6)) : 1f;
    float b1 = (float) s.beta1();
    float b2 = (float) s.beta2();
    float stepSize = (float) (lr / (1 - Math.pow(s.beta1(), step)));
    float sqrtCorrection2 = (float) Math.sqrt(1 - Math.pow(s.beta2(), step));
    float eps = (float) s.epsilon();
    float decayFactor = (float) (1 - lr * s.weightDecay());
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
  }
}
