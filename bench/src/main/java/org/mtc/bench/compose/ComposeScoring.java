package org.mtc.bench.compose;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mtc.bench.experiment.Samples;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.core.engine.Engines;
import org.mtc.core.task.TaskSpec;
import org.mtc.tasks.compare.Comparison;
import org.mtc.tasks.compare.Outcomes;
import org.mtc.tasks.compare.PairedBootstrap;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.data.SeededSample;
import org.mtc.tasks.data.TaskDataLoader;
import org.mtc.tasks.eval.TaskMetrics;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.model.TasksConf;
import org.mtc.tasks.predict.Evaluator;

/**
 * Scores the models of a compose run on the test splits, the way {@code mtc eval --against}
 * compares two models: every model of a task on the same examples (the whole split, or the same
 * seeded sample), its decisions kept for the paired bootstrap ({@link PairedBootstrap}) and, where
 * asked, its probabilities for a bitwise comparison ({@link FrozenCheck}). A task's test examples
 * are read once, with the labels of the first model scored on it; every later model must have the
 * same labels in the same order. Single-threaded.
 */
final class ComposeScoring {
  /**
   * One model's test scores on some of its tasks.
   *
   * @param outcomes per task, the decisions on each test example
   * @param metrics per task, accuracy and F1
   * @param probabilities per task, the probabilities {@code [examples, labels]}; empty unless kept
   */
  record Scored(
      Map<String, Outcomes> outcomes,
      Map<String, TaskMetrics> metrics,
      Map<String, float[][]> probabilities) {}

  private final Engines engines;
  private final Config inference;
  private final Path dataDir;
  private final int maxTestPerTask;
  private final long seed;
  private final int resamples;
  private final Evaluator evaluator;
  private final Map<String, List<Example>> tests = new HashMap<>();
  private final Map<String, List<String>> labels = new HashMap<>();

  ComposeScoring(
      Engines engines,
      Config inference,
      Path dataDir,
      int maxTestPerTask,
      long seed,
      int resamples,
      int batchSize) {
    this.engines = engines;
    this.inference = inference;
    this.dataDir = dataDir;
    this.maxTestPerTask = maxTestPerTask;
    this.seed = seed;
    this.resamples = resamples;
    this.evaluator = new Evaluator(batchSize);
  }

  /** A model directory, or the {@code model/} of a training run directory. */
  static Path modelDirectory(Path dir) {
    return Files.isRegularFile(dir.resolve(MultitaskModel.HEADS_FILE))
        ? dir
        : dir.resolve(MultitaskModel.BEST_DIR);
  }

  /**
   * Scores the model in {@code dir} on the test examples of {@code tasks}; keeps the probabilities
   * when {@code keep}.
   */
  Scored score(Path dir, List<String> tasks, boolean keep) {
    Path modelDir = modelDirectory(dir);
    Map<String, Outcomes> outcomes = new LinkedHashMap<>();
    Map<String, TaskMetrics> metrics = new LinkedHashMap<>();
    Map<String, float[][]> probabilities = new LinkedHashMap<>();
    try (MultitaskModel model = MultitaskModel.load(modelDir, engines, inference)) {
      for (String task : tasks) {
        List<Example> examples = test(model, task);
        float[][] p = evaluator.probabilities(model, task, examples);
        outcomes.put(task, Outcomes.of(model.head(task), examples, p));
        metrics.put(task, Evaluator.score(model.head(task), examples, p));
        if (keep) {
          probabilities.put(task, p);
        }
      }
    }
    return new Scored(outcomes, metrics, probabilities);
  }

  /** {@code a} minus {@code b} on {@code tasks}, each with its paired-bootstrap interval. */
  Comparison compare(Scored a, Scored b, List<String> tasks) {
    Map<String, Outcomes> first = new LinkedHashMap<>();
    Map<String, Outcomes> second = new LinkedHashMap<>();
    for (String t : tasks) {
      first.put(t, a.outcomes().get(t));
      second.put(t, b.outcomes().get(t));
    }
    return PairedBootstrap.compare(first, second, resamples, seed);
  }

  /** The test examples of {@code task}, read once, as the model declares the task. */
  private List<Example> test(MultitaskModel model, String task) {
    List<String> modelLabels = model.head(task).labels().labels();
    List<String> known = labels.putIfAbsent(task, modelLabels);
    if (known != null && !known.equals(modelLabels)) {
      throw new MtcException(
          "task '"
              + task
              + "': the models' labels differ ("
              + known
              + " vs "
              + modelLabels
              + "), so their predictions cannot be paired");
    }
    return tests.computeIfAbsent(task, t -> read(model.tasks().task(t), modelLabels));
  }

  private List<Example> read(TaskSpec spec, List<String> taskLabels) {
    List<Example> all =
        TaskDataLoader.load(
                spec,
                dataDir,
                Optional.of(new LabelSpace(spec.name(), taskLabels)),
                Set.of("test"),
                0,
                seed)
            .test();
    if (all.isEmpty()) {
      throw new MtcException("task '" + spec.name() + "' has no test examples in " + dataDir);
    }
    return SeededSample.of(all, maxTestPerTask, seed);
  }

  /**
   * {@code n} test texts taken round-robin from the tasks' test examples already read (for the
   * memory probes).
   */
  List<String> mixedTexts(List<String> tasks, int n) {
    Map<String, List<Example>> byTask = new LinkedHashMap<>();
    tasks.stream().filter(tests::containsKey).forEach(t -> byTask.put(t, tests.get(t)));
    return Samples.mixed(byTask, n).stream().map(e -> e.text().replace('\n', ' ')).toList();
  }

  /** The tasks of a model directory (or training run directory), in output order. */
  static List<String> tasks(Path dir) {
    return TasksConf.read(modelDirectory(dir).resolve(TasksConf.FILE)).names();
  }
}
