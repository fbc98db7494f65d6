package org.mtc.tasks.predict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.TaskKind;

/**
 * Turns probabilities into {@link TaskPrediction}s, as {@code mtc predict} decides: argmax for a single-label task,
 * each label's threshold for a multi-label one. For classifiers over any model format. Stateless; thread-safe.
 */
public final class Decisions {
  private Decisions() {
  }

  /**
   * @param labels the task's labels, {@code [labels]}
   * @param thresholds per-label thresholds for a multi-label task (ignored for single-label)
   * @param row probabilities {@code [labels]}
   */
  public static TaskPrediction of(String task, TaskKind kind, List<String> labels, float[] thresholds, float[] row) {
    Map<String, Float> probabilities = new LinkedHashMap<>();
    for (int j = 0; j < row.length; j++) {
      probabilities.put(labels.get(j), row[j]);
    }
    List<String> decided = new ArrayList<>();
    if (kind == TaskKind.SINGLE_LABEL) {
      decided.add(labels.get(Evaluator.argmax(row)));
    } else {
      boolean[] present = Evaluator.decide(row, thresholds);
      for (int j = 0; j < present.length; j++) {
        if (present[j]) {
          decided.add(labels.get(j));
        }
      }
    }
    return new TaskPrediction(task, kind, decided, probabilities);
  }

  /** What deciding a task needs: its kind, labels in output order and (multi-label) thresholds. */
  public record Task(String name, TaskKind kind, List<String> labels, float[] thresholds) {
    /** This task's answer for each row of probabilities {@code [rows, labels]}, in order. */
    public List<TaskPrediction> decide(float[][] rows) {
      List<TaskPrediction> out = new ArrayList<>(rows.length);
      for (float[] row : rows) {
        out.add(of(name, kind, labels, thresholds, row));
      }
      return out;
    }
  }

  /** One {@link Prediction} per input from every task's probabilities {@code task → [inputs, labels]}. */
  public static List<Prediction> predictions(List<Input> inputs, Map<String, float[][]> probabilities, List<Task> tasks) {
    List<Prediction> out = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      Map<String, TaskPrediction> answers = new LinkedHashMap<>();
      for (Task t : tasks) {
        answers.put(t.name(), of(t.name(), t.kind(), t.labels(), t.thresholds(), probabilities.get(t.name())[i]));
      }
      out.add(new Prediction(inputs.get(i), answers));
    }
    return out;
  }

  /** The contexts and texts of {@code inputs}, as parallel lists. */
  public static List<List<String>> split(List<Input> inputs) {
    List<String> contexts = new ArrayList<>(inputs.size());
    List<String> texts = new ArrayList<>(inputs.size());
    for (Input in : inputs) {
      contexts.add(in.context());
      texts.add(in.text());
    }
    return List.of(contexts, texts);
  }
}
