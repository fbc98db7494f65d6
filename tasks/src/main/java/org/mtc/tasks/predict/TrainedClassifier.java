package org.mtc.tasks.predict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.TaskHead;
import org.mtc.core.task.TaskSet;
import org.mtc.tasks.model.MultitaskModel;

/**
 * A {@link MultitaskModel} as a {@link Classifier}: one encoder pass per batch of {@code batchSize}
 * inputs (plus one over the pairs when a task reads a dialog context). Thread-safe when the model's
 * inference is; owns the model.
 */
public final class TrainedClassifier implements Classifier {
  private final MultitaskModel model;
  private final int batchSize;

  private final List<Decisions.Task> tasks = new ArrayList<>();

  /** Serves {@code model} (closed with this classifier) in batches of {@code batchSize}. */
  public TrainedClassifier(MultitaskModel model, int batchSize) {
    if (batchSize <= 0) {
      throw new MtcException("prediction batch size must be positive, got " + batchSize);
    }
    this.model = model;
    this.batchSize = batchSize;
    for (TaskHead h : model.heads()) {
      tasks.add(new Decisions.Task(h.task(), h.kind(), h.labels().labels(), h.thresholds()));
    }
  }

  @Override
  public Map<String, List<String>> labels() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    model.heads().forEach(h -> out.put(h.task(), h.labels().labels()));
    return out;
  }

  @Override
  public TaskSet tasks() {
    return model.tasks();
  }

  @Override
  public String engine() {
    return model.backbone().info().engine();
  }

  @Override
  public List<Prediction> predict(List<Input> inputs) {
    Decisions.checked(inputs);
    List<Prediction> out = new ArrayList<>(inputs.size());
    for (int from = 0; from < inputs.size(); from += batchSize) {
      List<Input> batch = inputs.subList(from, Math.min(inputs.size(), from + batchSize));
      out.addAll(Decisions.predictions(batch, model.probabilities(batch), tasks));
    }
    return out;
  }

  /**
   * One encoder pass per batch: over the texts alone, or over the pairs when the task reads a
   * context.
   */
  @Override
  public List<TaskPrediction> predict(String task, List<Input> inputs) {
    Decisions.checked(task, inputs);
    TaskHead head = model.head(task);
    Decisions.Task decisions =
        new Decisions.Task(task, head.kind(), head.labels().labels(), head.thresholds());
    List<TaskPrediction> out = new ArrayList<>(inputs.size());
    for (int from = 0; from < inputs.size(); from += batchSize) {
      List<Input> batch = inputs.subList(from, Math.min(inputs.size(), from + batchSize));
      out.addAll(decisions.decide(model.probabilities(task, batch)));
    }
    return out;
  }

  @Override
  public void close() {
    model.close();
  }

  @Override
  public String toString() {
    return "Classifier["
        + model.backbone().info().engine()
        + ", tasks "
        + model.tasks().names()
        + "]";
  }
}
