package org.mtc.tf;

import org.mtc.core.MtcException;
import org.mtc.core.TrainingPass;
import org.mtc.tokenizers.PaddedRows;

/**
 * One training-mode forward pass of a {@link TfBackbone}: the pooled output {@code [batch, hidden]} and what is
 * needed to run the graph again for {@link #backward} (the padded batch and the dropout seed, so the backward run
 * draws the same dropout masks). Holds no native memory. Not thread-safe.
 */
final class TfTrainingPass implements TrainingPass {
  private final TfBackbone backbone;
  private final PaddedRows batch;
  private final long[] seed;
  private final float[][] rows;
  private boolean backwardDone;
  private boolean closed;

  TfTrainingPass(TfBackbone backbone, PaddedRows batch, long[] seed, float[][] rows) {
    this.backbone = backbone;
    this.batch = batch;
    this.seed = seed;
    this.rows = rows;
  }

  @Override
  public float[][] pooled() {
    return rows;
  }

  @Override
  public void backward(float[][] upstream) {
    if (closed) {
      throw new MtcException("backward on a closed training pass: call backward before close");
    }
    if (backwardDone) {
      throw new MtcException("backward may be called once per training pass; run forwardForTraining again");
    }
    int hidden = rows.length == 0 ? 0 : rows[0].length;
    if (upstream.length != rows.length) {
      throw new MtcException("upstream gradient has " + upstream.length + " rows, the pass pooled " + rows.length
          + " texts: pass d loss / d pooled with shape [batch, hidden]");
    }
    float[] flat = new float[rows.length * hidden];
    for (int b = 0; b < rows.length; b++) {
      if (upstream[b].length != hidden) {
        throw new MtcException("upstream gradient row " + b + " has " + upstream[b].length
            + " values, the pooled vectors have " + hidden);
      }
      System.arraycopy(upstream[b], 0, flat, b * hidden, hidden);
    }
    backwardDone = true;
    backbone.backward(batch, seed, flat, hidden);
  }

  @Override
  public void close() {
    closed = true;
  }
}
