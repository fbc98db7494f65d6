package org.mtc.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import org.mtc.core.EngineTrainingPass;

/**
 * One training-mode forward pass of a {@link DjlBackbone}: holds the pooled output {@code [batch,
 * hidden]} whose autograd graph reaches the trainable parameters. {@link #backward} runs PyTorch's
 * backward of {@code sum(pooled * upstream)}, accumulating parameter gradients until the backbone's
 * {@code applyGradients}. Owns a sub-manager (pooled array, graph) freed by {@link #close}. Not
 * thread-safe.
 */
final class DjlTrainingPass extends EngineTrainingPass {
  private final Engine engine;
  private final NDManager manager;
  private final NDArray pooled;
  private double tokenizationSeconds;

  DjlTrainingPass(Engine engine, NDManager manager, NDArray pooled) {
    super(PaddedBatch.rows(pooled));
    this.engine = engine;
    this.manager = manager;
    this.pooled = pooled;
  }

  @Override
  protected void backpropagate(float[] upstream, int hidden) {
    try (NDScope scope = new NDScope();
        GradientCollector collector = DjlBackbone.collector(engine)) {
      scope.suppressNotUsedWarning();
      NDArray seed = manager.create(upstream, pooled.getShape());
      collector.backward(pooled.mul(seed).sum());
    }
  }

  @Override
  protected void release() {
    manager.close();
  }

  /** Records how long the texts took to tokenize, for {@link #tokenizationSeconds}. */
  DjlTrainingPass tokenizedIn(double seconds) {
    tokenizationSeconds = seconds;
    return this;
  }

  @Override
  public double tokenizationSeconds() {
    return tokenizationSeconds;
  }
}
