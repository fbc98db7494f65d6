package org.mtc.core;

import java.nio.file.Path;
import java.util.List;

/**
 * A shared text encoder: tokenises texts and returns one pooled vector per text, {@code float[batch][hidden]}.
 * Every {@link TaskHead} reads the same pooled batch, so N tasks cost one encoder pass.
 *
 * <p>Implementations live in engine modules and are opened by a {@link org.mtc.core.engine.BackboneFactory}.
 * Inference ({@link #encode}) is thread-safe. Training ({@link #forwardForTraining}, {@link #applyGradients})
 * is single-threaded. The backbone owns its tokenizer and native resources; whoever opened it closes it.
 *
 * <p>Texts longer than the configured maximum sequence length are truncated (never an error); an empty text
 * encodes as [CLS][SEP].
 */
public interface Backbone extends AutoCloseable {
  BackboneInfo info();

  /** Pooled representations {@code [texts.size(), hidden]} in inference mode (no dropout, no gradients). */
  float[][] encode(List<String> texts);

  /** Whether {@link #forwardForTraining} can back-propagate (false for inference-only engines or a frozen encoder). */
  boolean trainable();

  /**
   * A forward pass in training mode whose {@link TrainingPass#backward} accumulates gradients.
   *
   * @throws MtcException if the backbone is not {@link #trainable()}
   */
  TrainingPass forwardForTraining(List<String> texts);

  /** One AdamW step over the trainable encoder parameters with the accumulated gradients, then clears them. */
  void applyGradients(double learningRate);

  /**
   * Writes the current weights as a Hugging Face layout directory ({@code config.json},
   * {@code model.safetensors}, {@code tokenizer.json}, pooling config) atomically: files appear complete or not
   * at all.
   */
  void save(Path directory);

  @Override
  void close();
}
