package org.mtc.core;

/**
 * One forward pass of a {@link Backbone} kept alive for back-propagation. The pooled output is
 * {@code float[batch][hidden]}; {@link #backward} takes the gradient of the loss with respect to exactly that
 * array and accumulates parameter gradients inside the backbone until {@link Backbone#applyGradients}.
 *
 * <p>Owned by the caller, who must close it (it may hold native memory). Not thread-safe; one pass at a time
 * per backbone.
 */
public interface TrainingPass extends AutoCloseable {
  /** The pooled representation {@code [batch, hidden]}; the array is the caller's to read, not to keep. */
  float[][] pooled();

  /**
   * Back-propagates {@code upstream} ({@code [batch, hidden]}, same shape as {@link #pooled()}) through the
   * encoder. May be called once per pass.
   */
  void backward(float[][] upstream);

  @Override
  void close();

  /**
   * The checks every engine's {@link #backward} makes before back-propagating, and the gradient flattened row by
   * row: {@code upstream} {@code [batch, hidden]} becomes {@code [batch * hidden]}.
   *
   * @param pooled the pass's pooled output {@code [batch, hidden]}
   * @param closed whether the pass was closed
   * @param backwardDone whether {@link #backward} already ran on this pass
   * @throws MtcException naming the misuse or the first row of the wrong shape
   */
  static float[] checkedUpstream(float[][] pooled, float[][] upstream, boolean closed, boolean backwardDone) {
    if (closed) {
      throw new MtcException("backward on a closed training pass: call backward before close");
    }
    if (backwardDone) {
      throw new MtcException("backward may be called once per training pass; run forwardForTraining again");
    }
    int batch = pooled.length;
    int hidden = batch == 0 ? 0 : pooled[0].length;
    if (upstream.length != batch) {
      throw new MtcException("upstream gradient has " + upstream.length + " rows, the pass pooled " + batch
          + " texts: pass d loss / d pooled with shape [batch, hidden]");
    }
    float[] flat = new float[batch * hidden];
    for (int b = 0; b < batch; b++) {
      if (upstream[b].length != hidden) {
        throw new MtcException("upstream gradient row " + b + " has " + upstream[b].length
            + " values, the pooled vectors have " + hidden);
      }
      System.arraycopy(upstream[b], 0, flat, b * hidden, hidden);
    }
    return flat;
  }
}
