package org.mtc.tasks.data;

import java.util.Arrays;
import java.util.Objects;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.TaskKind;

/**
 * One text of a task's split with its gold labels, or, for a distilled run, a text without them
 * ({@link #unlabelled}) that trains only towards a teacher's prediction.
 *
 * <p>{@code labels} are indices into the task's {@link org.mtc.core.LabelSpace}, sorted ascending
 * and without duplicates: exactly one for a single-label task, zero or more for a multi-label task.
 * The array is copied on construction; callers must not modify the array returned by {@link
 * #labels()}. Immutable in practice and thread-safe.
 *
 * @param input the text exactly as in the file (not trimmed; may be empty; may be longer than any
 *     encoder's maximum length, which truncates it) and the dialog context read with it as a
 *     sentence pair (the task's context column, such as the previous bot utterance), exactly as in
 *     the file; no context when the task has none or the cell is empty
 * @param labels label indices
 * @param where {@code file:line} of the row, for messages
 * @param labelled whether {@code labels} are gold labels; false for an {@link #unlabelled} example,
 *     whose {@code labels} are empty
 */
public record Example(Input input, int[] labels, String where, boolean labelled) {

  /** A labelled example. */
  public Example(Input input, int[] labels, String where) {
    this(input, labels, where, true);
  }

  /** A labelled example without context. */
  public Example(String text, int[] labels, String where) {
    this(Input.of(text), labels, where);
  }

  /**
   * An input without gold labels for a task that has a teacher: it trains only towards the
   * teacher's prediction (learning without forgetting: an old task's head learns on the new tasks'
   * texts what the old model answered). {@link #target} refuses it.
   *
   * @param where where the input came from, for messages (e.g. {@code banking77/train.tsv:12})
   */
  public static Example unlabelled(Input input, String where) {
    return new Example(input, new int[0], where, false);
  }

  public Example {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(where, "where");
    labels = labels.clone();
    if (!labelled && labels.length > 0) {
      throw new IllegalArgumentException(where + ": an unlabelled example has no labels");
    }
  }

  /** The text of {@link #input()}. */
  public String text() {
    return input.text();
  }

  /** The context of {@link #input()}, {@code ""} for none. */
  public String context() {
    return input.context();
  }

  /**
   * A {@code [numLabels]} row with 1 at each of this example's labels and 0 elsewhere: one-hot for
   * a single-label task, multi-hot for a multi-label task. A new array on every call.
   *
   * @throws MtcException when a label index is not below {@code numLabels}
   */
  public float[] target(int numLabels) {
    return target(TaskKind.MULTI_LABEL, numLabels);
  }

  /**
   * The {@code [numLabels]} row a head of {@code kind} trains towards for this example ({@link
   * TaskKind#target}). A new array on every call.
   *
   * @throws MtcException when a label index is not below {@code numLabels}
   */
  public float[] target(TaskKind kind, int numLabels) {
    if (!labelled) {
      throw new MtcException(
          where
              + ": \""
              + input.text()
              + "\" has no gold labels; it trains only towards a teacher's prediction, and its task"
              + " has no teacher here: give the task a teacher or leave unlabelled inputs out");
    }
    for (int label : labels) {
      if (label < 0 || label >= numLabels) {
        throw new MtcException(
            where
                + ": label index "
                + label
                + " is outside [0, "
                + numLabels
                + "): the row was "
                + "read with another label space than the head's; load the data with the model's labels");
      }
    }
    return kind.target(labels.clone(), numLabels);
  }

  /** The single label of a single-label example. */
  public int label() {
    if (labels.length != 1) {
      throw new MtcException(
          where
              + ": a single-label task needs exactly one label, found "
              + labels.length
              + "; fix the row, or declare the task kind = multi-label");
    }
    return labels[0];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Example e
        && e.input.equals(input)
        && Arrays.equals(e.labels, labels)
        && e.where.equals(where)
        && e.labelled == labelled;
  }

  @Override
  public int hashCode() {
    return ((input.hashCode() * 31 + Arrays.hashCode(labels)) * 31 + where.hashCode()) * 31
        + Boolean.hashCode(labelled);
  }

  @Override
  public String toString() {
    return "Example["
        + where
        + (labelled ? ", labels=" + Arrays.toString(labels) : ", unlabelled")
        + ", text="
        + input.text()
        + (input.hasContext() ? ", context=" + input.context() : "")
        + "]";
  }
}
