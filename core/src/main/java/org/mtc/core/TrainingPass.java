package org.mtc.core;

/**
 * One forward pass of a {@link Backbone} kept alive for back-propagation. The pooled output is
 * {@code float[batch][hidden]}; {@link #backward} takes the gradient of the loss with respect to
 * exactly that array and accumulates parameter gradients inside the backbone until {@link
 * Backbone#applyGradients}.
 *
 * <p>Owned by the caller, who must close it (it may hold native memory). Not thread-safe; one pass
 * at a time per backbone.
 */
public interface TrainingPass extends AutoCloseable {
  /**
   * The pooled representation {@code [batch, hidden]}; the array is the caller's to read, not to
   * keep.
   */
  float[][] pooled();

  /**
   * Back-propagates {@code upstream} ({@code [batch, hidden]}, same shape as {@link #pooled()})
   * through the encoder. May be called once per pass.
   */
  void backward(float[][] upstream);

  /**
   * Seconds this pass spent turning the texts into token ids, for the training's step profile; 0
   * where the engine does not measure it apart from the forward pass.
   */
  default double tokenizationSeconds() {
    return 0;
  }

  @Override
  void close();
}
