package org.mtc.tasks.predict;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.core.TaskKind;

/**
 * The answer of one task for one input. Immutable.
 *
 * @param task the task
 * @param kind the task's kind: single-label (exactly one label), multi-label (any number of
 *     labels), ...
 * @param labels the decided labels ({@link TaskKind#decide}): the most probable one (single-label),
 *     or every label whose probability reaches its threshold (multi-label; may be empty), in
 *     label-space order
 * @param probabilities every label's probability, in label-space order
 */
public record TaskPrediction(
    String task, TaskKind kind, List<String> labels, Map<String, Float> probabilities) {
  public TaskPrediction {
    labels = List.copyOf(labels);
    probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
  }

  /**
   * The label of a task whose kind gives exactly one label per text ({@link
   * TaskKind#exactlyOneLabel()}: single-label).
   *
   * @throws MtcException for a task of another kind (multi-label), which has {@link #labels()}
   *     instead
   */
  public String label() {
    if (!kind.exactlyOneLabel()) {
      throw new MtcException(
          "task '"
              + task
              + "' is "
              + kind.configName()
              + ": it answers any number of labels; "
              + "read labels()");
    }
    return labels.get(0);
  }

  /** The probability of {@code label}. */
  public float probability(String label) {
    Float p = probabilities.get(label);
    if (p == null) {
      throw new MtcException(
          "task '"
              + task
              + "' has no label '"
              + label
              + "'; its labels: "
              + probabilities.keySet());
    }
    return p;
  }
}
