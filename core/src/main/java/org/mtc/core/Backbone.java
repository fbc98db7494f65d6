package org.mtc.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mtc.core.io.FloatTensor;

/**
 * A shared text encoder: tokenises texts and returns one pooled vector per text, {@code
 * float[batch][hidden]}. Every {@link TaskHead} reads the same pooled batch, so N tasks cost one
 * encoder pass.
 *
 * <p>Implementations live in engine modules and are opened by a {@link
 * org.mtc.core.engine.BackboneFactory}. Inference ({@link #encode}) is thread-safe. Training
 * ({@link #forwardForTraining}, {@link #applyGradients}) is single-threaded. The backbone owns its
 * tokenizer and native resources; whoever opened it closes it.
 *
 * <p>Texts longer than the configured maximum sequence length are truncated (never an error); an
 * empty text encodes as [CLS][SEP].
 *
 * <p>Sentence pairs: an {@link Input} with a context (such as the previous bot utterance) is read
 * as {@code [CLS] context [SEP] text [SEP]}, token types 0 then 1 where the encoder has them,
 * truncating the context first (see {@link SentencePair}); an input without context is encoded as a
 * single sentence, {@code [CLS] text [SEP]}, whatever the rest of its batch holds.
 */
public interface Backbone extends AutoCloseable {
  BackboneInfo info();

  /**
   * Pooled representations {@code [inputs.size(), hidden]} in inference mode (no dropout, no
   * gradients).
   *
   * @throws MtcException if an input has a context and this backbone cannot read pairs ({@link
   *     #textsWithoutContext})
   */
  float[][] encode(List<Input> inputs);

  /**
   * Tokens per input as the encoder sees them ({@code [CLS] ... [SEP]}, or {@code [CLS] context
   * [SEP] text [SEP]} where there is a context, truncated to the maximum length): {@code
   * [inputs.size()]}. Trainers group inputs of similar length into batches and count real and
   * padded tokens with it. Engines with a tokenizer give exact counts; this default estimates them
   * from whitespace-separated words (plus two special tokens, and one more [SEP] with the context's
   * words where there is one). Thread-safe.
   */
  default int[] tokenCounts(List<Input> inputs) {
    int[] out = new int[inputs.size()];
    for (int i = 0; i < out.length; i++) {
      Input in = inputs.get(i);
      out[i] = 2 + words(in.text());
      if (in.hasContext()) {
        out[i] +=
            words(in.context()) + 1; // the context's words and one [SEP]; [CLS] is counted once
      }
    }
    return out;
  }

  private static int words(String text) {
    String t = text.strip();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }

  /**
   * Whether {@link #forwardForTraining} can back-propagate (false for inference-only engines or a
   * frozen encoder).
   */
  boolean trainable();

  /**
   * A forward pass in training mode whose {@link TrainingPass#backward} accumulates gradients;
   * pooled {@code [inputs.size(), hidden]}, inputs with a context read as sentence pairs.
   *
   * @throws MtcException if the backbone is not {@link #trainable()}, or an input has a context and
   *     this backbone cannot read pairs
   */
  TrainingPass forwardForTraining(List<Input> inputs);

  /**
   * The texts of {@code inputs}, for a backbone that reads single sentences only.
   *
   * @throws MtcException naming {@code backbone}'s engine when an input has a context
   */
  static List<String> textsWithoutContext(Backbone backbone, List<Input> inputs) {
    if (Input.anyContext(Input.checkBatch(inputs))) {
      throw new MtcException(
          "the "
              + backbone.info().engine()
              + " backbone cannot read sentence pairs (a text "
              + "with a context); use the djl, onnx or tf engine, or drop the task's context-column");
    }
    return Input.texts(inputs);
  }

  /**
   * One AdamW step over the trainable encoder parameters with the accumulated gradients, then
   * clears them. A gradient whose norm is not finite skips the step ({@link AdamWPolicy}); the
   * outcome says so, and the trainer reports it.
   *
   * @return taken, skipped (with the reason), or {@link StepOutcome#NOTHING} when the encoder does
   *     not train
   */
  StepOutcome applyGradients(double learningRate);

  /**
   * Whether {@link #optimizerState()} and {@link #loadOptimizerState} work, so that a run on this
   * backbone can resume exactly from a checkpoint. A backbone that does not train has no state and
   * is resumable.
   */
  default boolean resumable() {
    return !trainable();
  }

  /**
   * The encoder optimizer's state (AdamW moments by parameter name, step count), copies, for a
   * resumable checkpoint. Empty when the backbone does not train.
   *
   * @throws MtcException if the backbone trains but is not {@link #resumable()}
   */
  default Map<String, FloatTensor> optimizerState() {
    if (trainable()) {
      throw new MtcException(
          "the "
              + info().engine()
              + " engine cannot save its optimizer state, so its runs "
              + "cannot resume; train on djl to resume, or train without --resume");
    }
    return Map.of();
  }

  /**
   * Restores {@link #optimizerState()} into a backbone opened from the same checkpoint's weights.
   */
  default void loadOptimizerState(Map<String, FloatTensor> state) {
    if (!state.isEmpty()) {
      throw new MtcException(
          "the " + info().engine() + " engine cannot restore an optimizer state");
    }
  }

  /**
   * Seeds the randomness (dropout) of the next training pass, so that a run repeats exactly from
   * any step and a resumed run continues as an uninterrupted one would. The default does nothing.
   */
  default void seedTrainingStep(long seed) {}

  /**
   * Writes the current weights as a Hugging Face layout directory ({@code config.json}, {@code
   * model.safetensors}, {@code tokenizer.json}, pooling config) atomically: files appear complete
   * or not at all.
   */
  void save(Path directory);

  @Override
  void close();
}
