package org.mtc.core;

import com.typesafe.config.Config;

/**
 * AdamW hyper-parameters shared by the encoder optimiser (engine side) and the heads' optimiser
 * (plain Java), so that both halves of a model follow one recipe. The learning rate is not here: it
 * is scheduled by the trainer and passed to every step.
 *
 * @param beta1 first-moment decay (DeepPavlov: 0.9)
 * @param beta2 second-moment decay (DeepPavlov: 0.99)
 * @param epsilon denominator guard
 * @param weightDecay decoupled weight decay; not applied to biases and LayerNorm parameters
 * @param gradientClipNorm clip the global gradient norm to this value; 0 or less disables clipping
 */
public record AdamWSettings(
    double beta1, double beta2, double epsilon, double weightDecay, double gradientClipNorm) {
  public static final AdamWSettings DEEP_PAVLOV = new AdamWSettings(0.9, 0.99, 1e-6, 0.01, 1.0);

  /**
   * Reads the optimiser section {@code mtc.train.optimizer} of merged settings (core
   * reference.conf), the one reader of it for the trainer and the engines alike.
   *
   * @param optimizer {@code settings.getConfig("mtc.train.optimizer")}
   */
  public static AdamWSettings from(Config optimizer) {
    return new AdamWSettings(
        optimizer.getDouble("beta1"),
        optimizer.getDouble("beta2"),
        optimizer.getDouble("epsilon"),
        optimizer.getDouble("weight-decay"),
        optimizer.getDouble("clip-norm"));
  }
}
