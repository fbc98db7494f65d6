package org.mtc.tasks.predict;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.Input;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.core.TaskHead;
import org.mtc.core.TaskKind;
import org.mtc.heads.MultiLabelMetric;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.eval.Metrics;
import org.mtc.tasks.eval.TaskMetrics;
import org.mtc.tasks.model.MultitaskModel;

/**
 * Scores a model on labelled examples, task by task: any {@link Classifier} ({@link
 * #score(Classifier, Map)}, what {@code mtc eval} uses), or a {@link MultitaskModel} being trained
 * (texts encoded in batches of {@code batchSize}, each batch one encoder pass). Either way each
 * task decides as its kind does ({@link Decisions#of}: argmax for a single-label task, each label's
 * threshold for a multi-label one), and accuracy is the exact match of the label sets. Stateless
 * apart from the batch size; thread-safe when the model's inference is.
 */
public final class Evaluator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final int batchSize;

  public Evaluator(int batchSize) {
    if (batchSize <= 0) {
      throw new MtcException("evaluation batch size must be positive, got " + batchSize);
    }
    this.batchSize = batchSize;
  }

  /**
   * Metrics per task of split {@code split} ({@code dev}, {@code test}) of {@code data}; empty
   * splits skipped.
   */
  public Map<String, TaskMetrics> evaluate(
      MultitaskModel model, List<TaskData> data, String split) {
    Map<String, List<Example>> byTask = new LinkedHashMap<>();
    for (TaskData d : data) {
      TaskHead head = model.head(d.spec().name());
      if (!d.labels().equals(head.labels())) {
        throw new MtcException(
            "task '"
                + d.spec().name()
                + "': the data's labels "
                + d.labels().labels()
                + " differ from the model's "
                + head.labels().labels()
                + "; load the data with the model's label "
                + "space (TaskDataLoader.load(..., Optional.of(labels), ...))");
      }
      byTask.put(d.spec().name(), d.split(split));
    }
    return evaluate(model, byTask);
  }

  /**
   * Metrics per task, in the order of {@code examplesByTask}; tasks with no examples are left out.
   * Label indices of the examples must refer to the model's label spaces.
   */
  public Map<String, TaskMetrics> evaluate(
      MultitaskModel model, Map<String, List<Example>> examplesByTask) {
    Map<String, TaskMetrics> out = new LinkedHashMap<>();
    for (var e : examplesByTask.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      TaskHead head = model.head(e.getKey());
      out.put(
          e.getKey(), score(head, e.getValue(), probabilities(model, e.getKey(), e.getValue())));
    }
    return out;
  }

  /**
   * Probabilities {@code [examples, labels]} of one task, encoded in batches; a task with a context
   * column reads each example's text with its context.
   */
  public float[][] probabilities(MultitaskModel model, String task, List<Example> examples) {
    float[][] out = new float[examples.size()][];
    for (int from = 0; from < examples.size(); from += batchSize) {
      int to = Math.min(examples.size(), from + batchSize);
      float[][] p = model.probabilities(task, inputs(examples.subList(from, to)));
      System.arraycopy(p, 0, out, from, p.length);
    }
    return out;
  }

  /**
   * Metrics per task of any {@link Classifier} (a model directory or an exported graph), in the
   * order of {@code examplesByTask}; tasks with no examples are left out. Each task reads its
   * examples as it was trained to (with their contexts when it has a context column), in the
   * classifier's batches. Label indices of the examples must refer to the classifier's label lists
   * ({@link Classifier#labels()}).
   *
   * @throws MtcException when the classifier has no such task
   */
  public static Map<String, TaskMetrics> score(
      Classifier classifier, Map<String, List<Example>> examplesByTask) {
    Map<String, TaskMetrics> out = new LinkedHashMap<>();
    for (var e : examplesByTask.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      String task = e.getKey();
      TaskKind kind = classifier.tasks().task(task).kind();
      LabelSpace labels = new LabelSpace(task, classifier.labels().get(task));
      out.put(
          task, score(labels, kind, e.getValue(), classifier.predict(task, inputs(e.getValue()))));
    }
    return out;
  }

  /** The examples' inputs: each text with its context, if any. */
  public static List<Input> inputs(List<Example> examples) {
    return examples.stream().map(Example::input).toList();
  }

  /**
   * Metrics of {@code head}'s task from precomputed probabilities {@code [examples, labels]},
   * decided as {@link Decisions#of} decides for a prediction (as the head's kind decides, with its
   * current thresholds).
   */
  public static TaskMetrics score(TaskHead head, List<Example> examples, float[][] probabilities) {
    return score(head.labels(), head.kind(), examples, decide(head, probabilities));
  }

  /** {@code head}'s decisions, one per row of probabilities {@code [examples, labels]}. */
  public static List<TaskPrediction> decide(TaskHead head, float[][] probabilities) {
    List<TaskPrediction> out = new ArrayList<>(probabilities.length);
    for (float[] row : probabilities) {
      out.add(
          Decisions.of(head.task(), head.kind(), head.labels().labels(), head.thresholds(), row));
    }
    return out;
  }

  /**
   * Metrics of one task from its decisions, one per example ({@link Metrics#of}): accuracy (exact
   * match of the label sets), macro-F1, micro-F1 and the kind's own scores.
   */
  public static TaskMetrics score(
      LabelSpace labels, TaskKind kind, List<Example> examples, List<TaskPrediction> predictions) {
    checkOnePerExample(labels, examples, predictions);
    return Metrics.of(
        labels.task(),
        kind,
        labels,
        gold(examples, labels.size()),
        predictedSets(labels, predictions));
  }

  /** Refuses predictions that are not one per example, naming the task of {@code labels}. */
  public static void checkOnePerExample(
      LabelSpace labels, List<Example> examples, List<TaskPrediction> predictions) {
    if (predictions.size() != examples.size()) {
      throw new MtcException(
          labels.task()
              + ": "
              + predictions.size()
              + " predictions for "
              + examples.size()
              + " examples");
    }
  }

  /** The decided labels as multi-hot rows {@code [predictions][labels]}. */
  public static boolean[][] predictedSets(LabelSpace labels, List<TaskPrediction> predictions) {
    boolean[][] out = new boolean[predictions.size()][labels.size()];
    for (int i = 0; i < out.length; i++) {
      for (String label : predictions.get(i).labels()) {
        out[i][labels.indexOf(label)] = true;
      }
    }
    return out;
  }

  /** Multi-hot gold rows {@code [examples][labels]}. */
  public static boolean[][] gold(List<Example> examples, int labels) {
    boolean[][] gold = new boolean[examples.size()][labels];
    for (int i = 0; i < gold.length; i++) {
      for (int l : examples.get(i).labels()) {
        gold[i][l] = true;
      }
    }
    return gold;
  }

  /**
   * The mean of the tasks' accuracies (exact match for multi-label tasks); 0 when there are none.
   */
  public static double meanAccuracy(Map<String, TaskMetrics> metrics) {
    return metrics.values().stream().mapToDouble(TaskMetrics::accuracy).average().orElse(0);
  }

  /**
   * The mean dev score, the score that selects checkpoints: the mean over tasks of {@link
   * TaskMetrics#score} (accuracy for single-label tasks, {@code metric} for multi-label ones, whose
   * thresholds are tuned for it); 0 when there are none. Not {@link #meanAccuracy}, which averages
   * accuracies (exact match for multi-label tasks).
   */
  public static double meanDevScore(Map<String, TaskMetrics> metrics, MultiLabelMetric metric) {
    return metrics.values().stream().mapToDouble(m -> m.score(metric)).average().orElse(0);
  }

  /**
   * {@code {"tasks": {"<task>": {"accuracy", "macro_f1", "micro_f1" (multi-label only), "n",
   * "per_label"}}, "mean_accuracy": m}}, tasks in map order ({@link TaskMetrics#toJson()} per
   * task).
   */
  public static ObjectNode toJson(Map<String, TaskMetrics> metrics) {
    return toJson(metrics, true);
  }

  /** As {@link #toJson(Map)}, leaving out {@code per_label} when {@code perLabel} is false. */
  public static ObjectNode toJson(Map<String, TaskMetrics> metrics, boolean perLabel) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode tasks = root.putObject("tasks");
    for (var e : metrics.entrySet()) {
      ObjectNode t = JSON.valueToTree(e.getValue().toJson());
      if (!perLabel) {
        t.remove("per_label");
      }
      tasks.set(e.getKey(), t);
    }
    root.put("mean_accuracy", meanAccuracy(metrics));
    return root;
  }
}
