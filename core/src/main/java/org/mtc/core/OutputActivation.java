package org.mtc.core;

/**
 * The function a head applies to one row of logits {@code [labels]} to give its outputs, named in
 * engine-neutral terms: heads compute it in Java ({@link #apply}), and a graph exporter maps each
 * constant to its own operator (ONNX: {@code Softmax} over the last axis, {@code Sigmoid}, {@code
 * Identity}). Stateless and thread-safe.
 */
public enum OutputActivation {
  /** Probabilities that sum to 1 over the labels. */
  SOFTMAX {
    @Override
    public void apply(float[] z) {
      float max = Float.NEGATIVE_INFINITY;
      for (float v : z) {
        max = Math.max(max, v);
      }
      double sum = 0;
      for (int j = 0; j < z.length; j++) {
        z[j] = (float) Math.exp(z[j] - max);
        sum += z[j];
      }
      float inv = (float) (1 / sum);
      for (int j = 0; j < z.length; j++) {
        z[j] *= inv;
      }
    }
  },
  /** An independent probability per label, {@code 1 / (1 + e^-z)}. */
  SIGMOID {
    @Override
    public void apply(float[] z) {
      for (int j = 0; j < z.length; j++) {
        z[j] = sigmoid(z[j]);
      }
    }
  },
  /** The logits themselves (scores, not probabilities). */
  IDENTITY {
    @Override
    public void apply(float[] z) {}
  };

  /** Turns one row of logits into outputs in place. */
  public abstract void apply(float[] logits);

  /** The logistic function as heads compute it, {@code (float) (1 / (1 + e^-x))}. */
  public static float sigmoid(double x) {
    return (float) (1 / (1 + Math.exp(-x)));
  }
}
