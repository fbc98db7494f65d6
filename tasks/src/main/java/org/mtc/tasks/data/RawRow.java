package org.mtc.tasks.data;

import java.util.List;
import org.mtc.core.Input;

/**
 * A row as read from a file, before its label names are mapped to indices.
 *
 * @param text the text as in the file
 * @param labels label names, trimmed, non-empty, without duplicates, in file order (one for
 *     single-label)
 * @param line 1-based line of the file where the row starts
 * @param context the context cell as in the file, {@code ""} when the task has no context column
 */
record RawRow(String text, List<String> labels, long line, String context) {
  /** The text and its context. */
  Input input() {
    return Input.withContext(context, text);
  }
}
