package org.mtc.heads;

/**
 * One trainable tensor of a head, flattened: its values, the gradient accumulated since the last step and the
 * AdamW moments. Owned by exactly one layer; not thread-safe.
 */
final class Param {
  final float[] value;
  final float[] grad;
  final float[] m;
  final float[] v;
  /** Whether decoupled weight decay applies (weights yes, biases no). */
  final boolean decay;

  Param(float[] value, boolean decay) {
    this.value = value;
    this.grad = new float[value.length];
    this.m = new float[value.length];
    this.v = new float[value.length];
    this.decay = decay;
  }

  /** Forgets gradients and moments, e.g. after new values were loaded. */
  void resetOptimizer() {
    java.util.Arrays.fill(grad, 0f);
    java.util.Arrays.fill(m, 0f);
    java.util.Arrays.fill(v, 0f);
  }
}
