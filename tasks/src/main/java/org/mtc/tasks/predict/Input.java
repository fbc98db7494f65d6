package org.mtc.tasks.predict;

import org.mtc.core.MtcException;

/**
 * One text to classify, optionally with its dialog context (the previous turn), which the tasks that declare a
 * {@code context-column} read as a sentence pair. Immutable.
 *
 * @param text the utterance (never null; may be empty)
 * @param context the dialog context, {@code ""} for none (never null)
 */
public record Input(String text, String context) {
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
}
