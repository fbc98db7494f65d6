package org.mtc.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mtc.core.io.FloatTensor;

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
 *
 * <p>Sentence pairs: the variants taking {@code contexts} read each text with its dialog context (such as the
 * previous bot utterance) as {@code [CLS] context [SEP] text [SEP]}, token types 0 then 1 where the encoder has
 * them, truncating the context first (see {@link SentencePair}). {@code contexts} is parallel to {@code texts};
 * {@code ""} means no context, and such a text is encoded exactly as by the single-sentence methods.
 */
public interface Backbone extends AutoCloseable {
  BackboneInfo info();

  /** Pooled representations {@code [texts.size(), hidden]} in inference mode (no dropout, no gradients). */
  float[][] encode(List<String> texts);

  /**
   * Pooled representations {@code [texts.size(), hidden]} of texts read with their contexts (sentence pairs),
   * in inference mode. The default handles only batches without context (it calls {@link #encode(List)}) and
   * throws otherwise; engines that read pairs override it.
   *
   * @param contexts one per text, {@code ""} for none
   * @throws MtcException if the lists differ in length, hold nulls, or this backbone cannot read pairs
   */
  default float[][] encode(List<String> contexts, List<String> texts) {
    SentencePair.checkParallel(contexts, texts);
    if (SentencePair.noContext(contexts)) {
      return encode(texts);
    }
    throw noPairs();
  }

  /**
   * Tokens per text as the encoder sees them ({@code [CLS] ... [SEP]}, truncated to the maximum length):
   * {@code [texts.size()]}. Trainers group texts of similar length into batches and count real and padded tokens
   * with it. Engines with a tokenizer give exact counts; this default estimates them from whitespace-separated
   * words (plus two special tokens). Thread-safe.
   */
  default int[] tokenCounts(List<String> texts) {
    int[] out = new int[texts.size()];
    for (int i = 0; i < out.length; i++) {
      String t = texts.get(i).strip();
      out[i] = 2 + (t.isEmpty() ? 0 : t.split("\\s+").length);
    }
    return out;
  }

  /**
   * Tokens per pair as the encoder sees them ({@code [CLS] context [SEP] text [SEP]}, or a single sentence where
   * the context is {@code ""}, truncated): {@code [texts.size()]}. This default estimates from words like
   * {@link #tokenCounts(List)} (one more special token where there is a context). Thread-safe.
   */
  default int[] tokenCounts(List<String> contexts, List<String> texts) {
    SentencePair.checkParallel(contexts, texts);
    int[] out = tokenCounts(texts);
    int[] context = tokenCounts(contexts);
    for (int i = 0; i < out.length; i++) {
      if (!contexts.get(i).isEmpty()) {
        out[i] += context[i] - 1; // the context's words and one [SEP]; [CLS] is counted once
      }
    }
    return out;
  }

  /** Whether {@link #forwardForTraining} can back-propagate (false for inference-only engines or a frozen encoder). */
  boolean trainable();

  /**
   * A forward pass in training mode whose {@link TrainingPass#backward} accumulates gradients.
   *
   * @throws MtcException if the backbone is not {@link #trainable()}
   */
  TrainingPass forwardForTraining(List<String> texts);

  /**
   * A training forward pass over texts read with their contexts (sentence pairs); pooled {@code [batch, hidden]}.
   * The default handles only batches without context and throws otherwise; engines that read pairs override it.
   *
   * @param contexts one per text, {@code ""} for none
   * @throws MtcException if the backbone is not {@link #trainable()}, the lists differ in length, or this
   *     backbone cannot read pairs
   */
  default TrainingPass forwardForTraining(List<String> contexts, List<String> texts) {
    SentencePair.checkParallel(contexts, texts);
    if (SentencePair.noContext(contexts)) {
      return forwardForTraining(texts);
    }
    throw noPairs();
  }

  private MtcException noPairs() {
    return new MtcException("the " + info().engine() + " backbone cannot read sentence pairs (a text with a "
        + "context); use the djl, onnx or tf engine, or drop the task's context-column");
  }

  /**
   * One AdamW step over the trainable encoder parameters with the accumulated gradients, then clears them. A
   * gradient whose norm is not finite skips the step ({@link AdamWPolicy}); the outcome says so, and the trainer
   * reports it.
   *
   * @return taken, skipped (with the reason), or {@link StepOutcome#NOTHING} when the encoder does not train
   */
  StepOutcome applyGradients(double learningRate);

  /**
   * Whether {@link #optimizerState()} and {@link #loadOptimizerState} work, so that a run on this backbone can
   * resume exactly from a checkpoint. A backbone that does not train has no state and is resumable.
   */
  default boolean resumable() {
    return !trainable();
  }

  /**
   * The encoder optimizer's state (AdamW moments by parameter name, step count), copies, for a resumable
   * checkpoint. Empty when the backbone does not train.
   *
   * @throws MtcException if the backbone trains but is not {@link #resumable()}
   */
  default Map<String, FloatTensor> optimizerState() {
    if (trainable()) {
      throw new MtcException("the " + info().engine() + " engine cannot save its optimizer state, so its runs "
          + "cannot resume; train on djl to resume, or train without --resume");
    }
    return Map.of();
  }

  /** Restores {@link #optimizerState()} into a backbone opened from the same checkpoint's weights. */
  default void loadOptimizerState(Map<String, FloatTensor> state) {
    if (!state.isEmpty()) {
      throw new MtcException("the " + info().engine() + " engine cannot restore an optimizer state");
    }
  }

  /**
   * Seeds the randomness (dropout) of the next training pass, so that a run repeats exactly from any step and a
   * resumed run continues as an uninterrupted one would. The default does nothing.
   */
  default void seedTrainingStep(long seed) {
  }

  /**
   * Writes the current weights as a Hugging Face layout directory ({@code config.json},
   * {@code model.safetensors}, {@code tokenizer.json}, pooling config) atomically: files appear complete or not
   * at all.
   */
  void save(Path directory);

  @Override
  void close();
}
