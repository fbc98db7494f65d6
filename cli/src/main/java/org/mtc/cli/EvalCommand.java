package org.mtc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.core.task.TaskSpec;
import org.mtc.tasks.compare.ModelComparison;
import org.mtc.tasks.compare.PairedBootstrap;
import org.mtc.tasks.data.DataDirectory;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.data.TaskDataLoader;
import org.mtc.tasks.eval.Metrics;
import org.mtc.tasks.eval.MetricsTable;
import org.mtc.tasks.eval.TaskMetrics;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.Evaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mtc eval}: scores a trained model on a split of its tasks' data, or on given files. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description =
        "Evaluate a trained model: accuracy, macro-F1 (and micro-F1 for multi-label) per task.")
final class EvalCommand implements Callable<Integer> {
  @Mixin SettingsOptions settingsOptions;
  @Mixin ModelOptions modelOptions;

  @Option(
      names = "--split",
      defaultValue = "test",
      description = "train, dev or test (default test).")
  String split;

  @Option(
      names = "--only",
      split = ",",
      paramLabel = "TASK",
      description = "Evaluate only these tasks.")
  List<String> only = List.of();

  @Option(
      names = "--task",
      paramLabel = "NAME=FILE",
      description =
          "Evaluate task NAME on FILE (in that task's format) instead of its split; repeatable.")
  Map<String, Path> taskFiles = new LinkedHashMap<>();

  @Option(
      names = "--against",
      paramLabel = "DIR",
      description =
          "Also score the model in DIR (or a .onnx file) on the same "
              + "examples "
              + "and compare the two pairwise: the difference per task and for the mean, with its 95%% paired-bootstrap "
              + "interval and a verdict (the same engine and settings for both; an exported .onnx file runs on ONNX "
              + "Runtime).")
  Path against;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Option(names = "--per-label", description = "Include per-label precision/recall/F1 in the JSON.")
  boolean perLabel;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    refuseIgnoredOptions();
    try (Classifier model = modelOptions.openClassifier(settingsOptions)) {
      List<String> tasks =
          taskFiles.isEmpty()
              ? (only.isEmpty() ? model.tasks().names() : only)
              : List.copyOf(taskFiles.keySet());
      Map<String, List<Example>> examples = new LinkedHashMap<>();
      Map<String, Double> majority = new LinkedHashMap<>();
      Path dataDir = taskFiles.isEmpty() || taskFiles.size() < tasks.size() ? resolveData() : null;
      for (String task : tasks) {
        TaskSpec spec = model.tasks().task(task);
        LabelSpace labels = new LabelSpace(task, model.labels().get(task));
        if (taskFiles.containsKey(task)) {
          examples.put(task, TaskDataLoader.readFile(spec, taskFiles.get(task), labels));
        } else {
          // train is read too, for the majority-class baseline reported beside each score
          TaskData d = splits(spec, dataDir, labels);
          examples.put(task, d.split(split));
          if (!d.train().isEmpty() && !d.split(split).isEmpty()) {
            majority.put(task, Metrics.majorityAccuracy(d.train(), d.split(split)));
          }
        }
        if (examples.get(task).isEmpty()) {
          throw new MtcException("task '" + task + "' has no " + split + " examples to evaluate");
        }
      }
      if (against != null) {
        return compare(model, examples);
      }
      long start = System.nanoTime();
      Map<String, TaskMetrics> metrics = Evaluator.score(model, examples);
      double seconds = (System.nanoTime() - start) / 1e9;
      printScores(metrics, majority);
      long n = metrics.values().stream().mapToLong(TaskMetrics::n).sum();
      System.err.printf(
          Locale.ROOT,
          "evaluated %d examples in %.1f s (%.0f texts/s, %s engine)%n",
          n,
          seconds,
          n / seconds,
          model.engine());
    }
    return 0;
  }

  /**
   * Prints the scores, as JSON or as a table, with the majority-class baseline where there is one.
   */
  private void printScores(Map<String, TaskMetrics> metrics, Map<String, Double> majority)
      throws JsonProcessingException {
    if (json) {
      ObjectNode out = Evaluator.toJson(metrics, perLabel);
      if (!majority.isEmpty()) {
        majority.forEach(
            (t, m) -> ((ObjectNode) out.path("tasks").path(t)).put("majority_accuracy", m));
        out.put(
            "mean_majority_accuracy",
            majority.values().stream().mapToDouble(d -> d).average().orElse(0));
      }
      out.put("split", taskFiles.isEmpty() ? split : "files");
      System.out.println(
          new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
    } else {
      System.out.println(MetricsTable.format(metrics));
      if (!majority.isEmpty()) {
        System.out.println(majorityTable(metrics, majority));
      }
    }
  }

  /** Options that would do nothing for this command line: refused (--data-dir: a warning). */
  private void refuseIgnoredOptions() {
    IgnoredOptions options = IgnoredOptions.of(spec);
    if (against == null
        || ModelOptions.exported(against)) { // else --engine runs the --against model at least
      modelOptions.checkEngine();
    }
    if (!taskFiles.isEmpty()) {
      String why = "with --task: the tasks evaluated are the --task ones, each read from its file";
      options.refuse(
          why + "; drop it, or drop --task to evaluate the tasks' splits", "--only", "--split");
      options.warn(why, "--data-dir");
    }
    if (perLabel && against != null) {
      options.refuse(
          "with --against: the comparison has no per-label scores; drop it", "--per-label");
    }
    if (perLabel && !json) {
      options.refuse(
          "without --json: it adds per-label scores to the JSON output; add --json, or drop it",
          "--per-label");
    }
  }

  private int compare(Classifier model, Map<String, List<Example>> examples) throws Exception {
    ModelOptions other = new ModelOptions();
    other.model = against;
    other.engine = modelOptions.engine;
    other.batchSize = modelOptions.batchSize;
    try (Classifier second = other.open(settingsOptions)) {
      long seed = settingsOptions.load(List.of(), Map.of()).getLong("mtc.seed");
      var comparison =
          ModelComparison.compare(model, second, examples, PairedBootstrap.DEFAULT_RESAMPLES, seed);
      if (json) {
        System.out.println(
            new ObjectMapper()
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(
                    ModelComparison.toJson(
                        comparison, modelOptions.model.toString(), against.toString())));
      } else {
        System.out.println(
            ModelComparison.table(comparison, modelOptions.model.toString(), against.toString()));
      }
    }
    return 0;
  }

  /**
   * The train and evaluated splits of a task; a missing file's error also names the --task way out.
   */
  private TaskData splits(TaskSpec spec, Path dataDir, LabelSpace labels) {
    try {
      return TaskDataLoader.load(spec, dataDir, Optional.of(labels), Set.of("train", split), 0, 0);
    } catch (MtcException e) {
      throw new MtcException(
          e.getMessage()
              + "; or evaluate on any file in the task's format with --task "
              + spec.name()
              + "=FILE",
          e);
    }
  }

  private Path resolveData() {
    return DataDirectory.resolve(
        settingsOptions.load(List.of(), Map.of()), Optional.ofNullable(settingsOptions.dataDir));
  }

  private static String majorityTable(
      Map<String, TaskMetrics> metrics, Map<String, Double> majority) {
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT, "%-14s %9s %9s %7s%n", "task", "accuracy", "majority", "gain"));
    double sumAcc = 0;
    double sumMaj = 0;
    for (var e : majority.entrySet()) {
      double acc = metrics.get(e.getKey()).accuracy();
      sumAcc += acc;
      sumMaj += e.getValue();
      s.append(
          String.format(
              Locale.ROOT,
              "%-14s %9.4f %9.4f %+7.4f%n",
              e.getKey(),
              acc,
              e.getValue(),
              acc - e.getValue()));
    }
    int k = majority.size();
    s.append(
        String.format(
            Locale.ROOT,
            "%-14s %9.4f %9.4f %+7.4f",
            "mean",
            sumAcc / k,
            sumMaj / k,
            (sumAcc - sumMaj) / k));
    return s.toString();
  }
}
