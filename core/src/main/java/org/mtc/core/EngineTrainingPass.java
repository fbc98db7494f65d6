package org.mtc.core;

/**
 * What every engine's {@link TrainingPass} shares: it holds the pooled output {@code [batch,
 * hidden]}, checks the upstream gradient's shape, allows one {@link #backward} per pass and none
 * after {@link #close}, and hands the gradient flattened row by row ({@code [batch * hidden]}) to
 * the engine's {@link #backpropagate}. Not thread-safe, as any training pass.
 */
public abstract class EngineTrainingPass implements TrainingPass {
  private final float[][] pooled;
  private boolean backwardDone;
  private boolean closed;

  /**
   * @param pooled the pass's pooled output {@code [batch, hidden]}, owned by the pass from now on
   */
  protected EngineTrainingPass(float[][] pooled) {
    this.pooled = pooled;
  }

  @Override
  public final float[][] pooled() {
    return pooled;
  }

  /**
   * Checks {@code upstream} and calls {@link #backpropagate} with it.
   *
   * @throws MtcException after {@link #close}, on a second call, or naming the first row of the
   *     wrong shape
   */
  @Override
  public final void backward(float[][] upstream) {
    if (closed) {
      throw new MtcException("backward on a closed training pass: call backward before close");
    }
    if (backwardDone) {
      throw new MtcException(
          "backward may be called once per training pass; run forwardForTraining again");
    }
    int batch = pooled.length;
    int hidden = batch == 0 ? 0 : pooled[0].length;
    if (upstream.length != batch) {
      throw new MtcException(
          "upstream gradient has "
              + upstream.length
              + " rows, the pass pooled "
              + batch
              + " texts: pass d loss / d pooled with shape [batch, hidden]");
    }
    float[] flat = new float[batch * hidden];
    for (int b = 0; b < batch; b++) {
      if (upstream[b].length != hidden) {
        throw new MtcException(
            "upstream gradient row "
                + b
                + " has "
                + upstream[b].length
                + " values, the pooled vectors have "
                + hidden);
      }
      System.arraycopy(upstream[b], 0, flat, b * hidden, hidden);
    }
    backwardDone = true;
    backpropagate(flat, hidden);
  }

  /**
   * The engine's back-propagation of {@code sum(pooled * upstream)} into its parameters' gradients.
   *
   * @param upstream {@code [batch * hidden]}, row by row
   */
  protected abstract void backpropagate(float[] upstream, int hidden);

  /**
   * Releases what the pass holds (once; {@link #close} may be called again). The default holds
   * nothing.
   */
  protected void release() {}

  @Override
  public final void close() {
    if (!closed) {
      closed = true;
      release();
    }
  }
}
