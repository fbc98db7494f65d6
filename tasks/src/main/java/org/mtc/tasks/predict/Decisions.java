package org.mtc.tasks.predict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.TaskKind;

/**
 * Turns probabilities into {@link TaskPrediction}s, as {@code mtc predict} decides: as the task's
 * kind decides ({@link TaskKind#decide}: argmax for a single-label task, each label's threshold for
 * a multi-label one). For classifiers over any model format. Stateless; thread-safe.
 */
public final class Decisions {
  private Decisions() {}

  /**
   * @param labels the task's labels, {@code [labels]}
   * @param thresholds per-label thresholds when the kind decides by them (multi-label; ignored
   *     otherwise)
   * @param row probabilities {@code [labels]}
   */
  public static TaskPrediction of(
      String task, TaskKind kind, List<String> labels, float[] thresholds, float[] row) {
    Map<String, Float> probabilities = new LinkedHashMap<>();
    for (int j = 0; j < row.length; j++) {
      probabilities.put(labels.get(j), row[j]);
    }
    List<String> decided = new ArrayList<>();
    for (int j : kind.decide(row, thresholds)) {
      decided.add(labels.get(j));
    }
    return new TaskPrediction(task, kind, decided, probabilities);
  }

  /**
   * What deciding a task needs: its kind, labels in output order and thresholds (when the kind uses
   * them).
   */
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

  /**
   * One {@link Prediction} per input from every task's probabilities {@code task → [inputs,
   * labels]}.
   */
  public static List<Prediction> predictions(
      List<Input> inputs, Map<String, float[][]> probabilities, List<Task> tasks) {
    List<Prediction> out = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      Map<String, TaskPrediction> answers = new LinkedHashMap<>();
      for (Task t : tasks) {
        answers.put(
            t.name(),
            of(t.name(), t.kind(), t.labels(), t.thresholds(), probabilities.get(t.name())[i]));
      }
      out.add(new Prediction(inputs.get(i), answers));
    }
    return out;
  }

  /**
   * {@code inputs} itself, checked at a classifier's door: the list and each input must be
   * non-null.
   *
   * @throws org.mtc.core.MtcException naming the null list or the position of the first null input
   */
  public static List<Input> checked(List<Input> inputs) {
    if (inputs == null) {
      throw new MtcException(
          "Classifier.predict: the inputs are null; pass a list of Input "
              + "(List.of() for none)");
    }
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i) == null) {
        throw new MtcException(
            "Classifier.predict: input "
                + i
                + " of "
                + inputs.size()
                + " is null; "
                + "pass Input.of(\"\") for an empty text");
      }
    }
    return inputs;
  }

  /** As {@link #checked(List)} for one task's prediction, whose name must be non-null too. */
  public static List<Input> checked(String task, List<Input> inputs) {
    if (task == null) {
      throw new MtcException(
          "Classifier.predict: the task is null; name one of the model's tasks "
              + "(Classifier.labels().keySet())");
    }
    return checked(inputs);
  }
}
