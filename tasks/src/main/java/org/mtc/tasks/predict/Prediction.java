package org.mtc.tasks.predict;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mtc.core.Input;
import org.mtc.core.MtcException;

/**
 * Every task's answer for one {@link Input}, in the model's task order. Immutable.
 *
 * @param input what was classified
 * @param tasks task name → its answer
 */
public record Prediction(Input input, Map<String, TaskPrediction> tasks) {
  public Prediction {
    tasks = Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
  }

  /**
   * The answer of one task.
   *
   * @throws MtcException naming the model's tasks when it has no task {@code task}
   */
  public TaskPrediction task(String task) {
    TaskPrediction p = tasks.get(task);
    if (p == null) {
      throw new MtcException("the model has no task '" + task + "'; its tasks: " + tasks.keySet());
    }
    return p;
  }
}
