package org.mtc.tf;

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
    float[] flat = TrainingPass.checkedUpstream(rows, upstream, closed, backwardDone);
    int hidden = rows.length == 0 ? 0 : rows[0].length;
    backwardDone = true;
    backbone.backward(batch, seed, flat, hidden);
  }

  @Override
  public void close() {
    closed = true;
  }
}
