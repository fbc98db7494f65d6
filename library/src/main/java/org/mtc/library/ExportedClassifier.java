package org.mtc.library;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.task.TaskSet;
import org.mtc.onnx.ExportedModel;
import org.mtc.onnx.graph.OnnxExport;
import org.mtc.tasks.model.TasksConf;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.Decisions;
import org.mtc.tasks.predict.Prediction;
import org.mtc.tasks.predict.TaskPrediction;
import org.mtc.tasks.predict.TrainedClassifier;

/**
 * An exported {@code .onnx} graph served on ONNX Runtime, answering as {@link TrainedClassifier}
 * does; its tasks come from the tasks.conf kept in the graph's metadata.
 */
final class ExportedClassifier implements Classifier {
  private final ExportedModel model;
  private final TaskSet taskSet;
  private final Map<String, Decisions.Task> tasks = new LinkedHashMap<>();

  ExportedClassifier(Path file, ExportedModel model) {
    this.model = model;
    try {
      this.taskSet =
          TasksConf.parse(model.tasksConf(), file + " metadata " + OnnxExport.TASKS_CONF).tasks();
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    model
        .labels()
        .forEach(
            (task, labels) ->
                tasks.put(
                    task,
                    new Decisions.Task(task, model.kind(task), labels, model.thresholds(task))));
  }

  @Override
  public Map<String, List<String>> labels() {
    return model.labels();
  }

  @Override
  public TaskSet tasks() {
    return taskSet;
  }

  @Override
  public String engine() {
    return "onnx";
  }

  @Override
  public List<Prediction> predict(List<Input> inputs) {
    Decisions.checked(inputs);
    return Decisions.predictions(inputs, model.probabilities(inputs), List.copyOf(tasks.values()));
  }

  /**
   * One pass of the graph: over the pairs when the task reads a context and an input has one, else
   * the texts.
   */
  @Override
  public List<TaskPrediction> predict(String task, List<Input> inputs) {
    Decisions.checked(task, inputs);
    Decisions.Task t = tasks.get(task);
    if (t == null) {
      taskSet.task(task); // throws with a did-you-mean
      throw new MtcException("the model has no task '" + task + "'; its tasks: " + tasks.keySet());
    }
    boolean pairs = taskSet.task(task).hasContext() && Input.anyContext(inputs);
    float[][] probabilities =
        (pairs
                ? model.pairProbabilities(inputs)
                : model.probabilities(inputs.stream().map(Input::withoutContext).toList()))
            .get(task);
    return new Decisions.Task(task, t.kind(), t.labels(), t.thresholds()).decide(probabilities);
  }

  @Override
  public void close() {
    model.close();
  }

  @Override
  public String toString() {
    return "Classifier[" + model + "]";
  }
}
