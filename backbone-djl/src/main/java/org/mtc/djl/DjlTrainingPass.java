package org.mtc.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import org.mtc.core.TrainingPass;

/**
 * One training-mode forward pass of a {@link DjlBackbone}: holds the pooled output {@code [batch, hidden]} whose
 * autograd graph reaches the trainable parameters. {@link #backward} runs PyTorch's backward of
 * {@code sum(pooled * upstream)}, accumulating parameter gradients until the backbone's
 * {@code applyGradients}. Owns a sub-manager (pooled array, graph) freed by {@link #close}. Not thread-safe.
 */
final class DjlTrainingPass implements TrainingPass {
  private final Engine engine;
  private final NDManager manager;
  private final NDArray pooled;
  private final float[][] rows;
  private boolean backwardDone;
  private boolean closed;

  DjlTrainingPass(Engine engine, NDManager manager, NDArray pooled) {
    this.engine = engine;
    this.manager = manager;
    this.pooled = pooled;
    this.rows = PaddedBatch.rows(pooled);
  }

  @Override
  public float[][] pooled() {
    return rows;
  }

  @Override
  public void backward(float[][] upstream) {
    float[] flat = TrainingPass.checkedUpstream(rows, upstream, closed, backwardDone);
    backwardDone = true;
    try (NDScope scope = new NDScope(); GradientCollector collector = DjlBackbone.collector(engine)) {
      scope.suppressNotUsedWarning();
      NDArray seed = manager.create(flat, pooled.getShape());
      collector.backward(pooled.mul(seed).sum());
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      manager.close();
    }
  }
}
