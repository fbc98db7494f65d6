package org.mtc.core;

import java.util.ArrayList;
import java.util.List;

/**
 * One text to classify, optionally with its dialog context (such as the previous bot utterance),
 * which the tasks that declare a {@code context-column} read as a sentence pair {@code [CLS]
 * context [SEP] text [SEP]}. The one type that carries a text and its context through the library:
 * the classifiers, the {@link Backbone} engines' batches, the trainer's examples and the readers.
 * Immutable and thread-safe.
 *
 * <p>Build one with {@link #of(String)} (no context) or {@link #withContext(String, String)}; a
 * batch of texts without context with {@link #ofTexts(List)}.
 *
 * @param text the utterance (never null; may be empty)
 * @param context the dialog context, {@code ""} for none (never null: null is read as {@code ""})
 */
public record Input(String text, String context) {
  /**
   * @throws MtcException when {@code text} is null
   */
  public Input {
    if (text == null) {
      throw new MtcException("Input text is null; pass \"\" for an empty text");
    }
    context = context == null ? "" : context;
  }

  /** A text without context. */
  public static Input of(String text) {
    return new Input(text, "");
  }

  /** A text read after {@code context} (tasks without a context column read the text alone). */
  public static Input withContext(String context, String text) {
    return new Input(text, context);
  }

  /** Whether this input has a context ({@code context} is not {@code ""}). */
  public boolean hasContext() {
    return !context.isEmpty();
  }

  /** This text alone, without its context (itself when it has none). */
  public Input withoutContext() {
    return hasContext() ? of(text) : this;
  }

  /**
   * Each text without context, in order.
   *
   * @throws MtcException naming the position of the first null text
   */
  public static List<Input> ofTexts(List<String> texts) {
    List<Input> out = new ArrayList<>(texts.size());
    for (String text : texts) {
      if (text == null) {
        throw new MtcException(
            "text " + out.size() + " of the batch is null; pass \"\" for an empty text");
      }
      out.add(of(text));
    }
    return out;
  }

  /** The texts of {@code inputs}, in order. */
  public static List<String> texts(List<Input> inputs) {
    return inputs.stream().map(Input::text).toList();
  }

  /** Whether any of {@code inputs} has a context. */
  public static boolean anyContext(List<Input> inputs) {
    for (Input in : inputs) {
      if (in.hasContext()) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code inputs} itself, checked for null entries (a batch built by hand may hold one).
   *
   * @throws MtcException naming the position of the first null input
   */
  public static List<Input> checkBatch(List<Input> inputs) {
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i) == null) {
        throw new MtcException(
            "input " + i + " of the batch is null; pass Input.of(\"\") for an empty text");
      }
    }
    return inputs;
  }
}
