package org.mtc.tf;

import org.mtc.core.EngineTrainingPass;
import org.mtc.tokenizers.PaddedRows;

/**
 * One training-mode forward pass of a {@link TfBackbone}: the pooled output {@code [batch, hidden]}
 * and what is needed to run the graph again for {@link #backward} (the padded batch and the dropout
 * seed, so the backward run draws the same dropout masks). Holds no native memory. Not thread-safe.
 */
final class TfTrainingPass extends EngineTrainingPass {
  private final TfBackbone backbone;
  private final PaddedRows batch;
  private final long[] seed;

  TfTrainingPass(TfBackbone backbone, PaddedRows batch, long[] seed, float[][] rows) {
    super(rows);
    this.backbone = backbone;
    this.batch = batch;
    this.seed = seed;
  }

  @Override
  protected void backpropagate(float[] upstream, int hidden) {
    backbone.backward(batch, seed, upstream, hidden);
  }
}
