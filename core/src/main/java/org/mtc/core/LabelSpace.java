package org.mtc.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.settings.DidYouMean;

/**
 * The ordered, closed set of labels of one task. Index {@code i} of a head's output row {@code
 * [batch, size()]} is the probability of {@code label(i)}; the order is part of a saved model
 * ({@code tasks.conf}) and never changes after training starts.
 *
 * <p>Immutable and thread-safe.
 */
public final class LabelSpace {
  private final String task;
  private final List<String> labels;
  private final Map<String, Integer> index;

  /**
   * @param task the task the labels belong to, used in error messages
   * @param labels labels in output order; non-empty, no duplicates, no blank label
   */
  public LabelSpace(String task, List<String> labels) {
    this.task = task;
    this.labels = List.copyOf(labels);
    if (this.labels.isEmpty()) {
      throw new MtcException(
          "task '"
              + task
              + "' has no labels: declare `labels = [...]` in its task set "
              + "entry or give it training data to infer them from");
    }
    this.index = new HashMap<>();
    for (int i = 0; i < this.labels.size(); i++) {
      String label = this.labels.get(i);
      if (label.isBlank()) {
        throw new MtcException("task '" + task + "' declares a blank label at position " + i);
      }
      if (index.put(label, i) != null) {
        throw new MtcException("task '" + task + "' declares label '" + label + "' twice");
      }
    }
  }

  public String task() {
    return task;
  }

  public int size() {
    return labels.size();
  }

  public String label(int i) {
    return labels.get(i);
  }

  public List<String> labels() {
    return labels;
  }

  public boolean contains(String label) {
    return index.containsKey(label);
  }

  /**
   * The position of {@code label}.
   *
   * @throws MtcException naming the task, the label and the closest known labels when it is unknown
   */
  public int indexOf(String label) {
    Integer i = index.get(label);
    if (i == null) {
      throw new MtcException(
          "unknown label '"
              + label
              + "' for task '"
              + task
              + "'"
              + DidYouMean.suggest(label, labels)
              + " (the task has "
              + labels.size()
              + " labels)");
    }
    return i;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelSpace other && other.task.equals(task) && other.labels.equals(labels);
  }

  @Override
  public int hashCode() {
    return task.hashCode() * 31 + labels.hashCode();
  }

  @Override
  public String toString() {
    return task + labels;
  }
}
