package org.mtc.heads;

/**
 * One trainable tensor of a head, flattened: its values, the gradient accumulated since the last
 * step and the AdamW moments. Gradient and moments are allocated on first use, so a head that only
 * predicts holds its values alone (a served nine-head model would otherwise carry three idle copies
 * of every weight). Owned by exactly one layer; not thread-safe.
 */
final class Param {
  final float[] value;

  /** Whether decoupled weight decay applies (weights yes, biases no). */
  final boolean decay;

  private float[] grad;
  private float[] m;
  private float[] v;

  Param(float[] value, boolean decay) {
    this.value = value;
    this.decay = decay;
  }

  float[] grad() {
    if (grad == null) {
      grad = new float[value.length];
    }
    return grad;
  }

  float[] m() {
    if (m == null) {
      m = new float[value.length];
    }
    return m;
  }

  float[] v() {
    if (v == null) {
      v = new float[value.length];
    }
    return v;
  }

  /** Forgets gradients and moments, e.g. after new values were loaded. */
  void resetOptimizer() {
    grad = null;
    m = null;
    v = null;
  }
}
