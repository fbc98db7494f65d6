package org.mtc.bench.backbones;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.mtc.bench.experiment.BenchProgress;
import org.mtc.bench.experiment.BenchResult;
import org.mtc.bench.experiment.Experiment;
import org.mtc.bench.experiment.Failure;
import org.mtc.bench.experiment.MemoryRecord;
import org.mtc.bench.experiment.ReportWriter;
import org.mtc.bench.experiment.TrainingRecord;
import org.mtc.core.engine.Engines;
import org.mtc.core.model.EncoderConfig;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.core.task.TaskSet;
import org.mtc.tasks.eval.TaskMetrics;

/**
 * One backbone of {@code mtc bench backbones}: resolves it to a directory (importing it on first
 * use), runs the {@link Experiment} on it in its own run directory ({@code report.md} there as for
 * {@code mtc bench}) and reduces the result to a {@link BackboneRow}. Every failure, from the
 * import to the scoring, becomes the row's reason; nothing is thrown for one backbone.
 * Single-threaded; one trial per backbone.
 */
final class BackboneTrial {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Setup setup;

  /**
   * What every trial shares.
   *
   * @param settings merged settings of the run
   * @param dataDir the task data
   * @param resolver a backbone name (or directory) to its directory, importing it if needed; may
   *     throw
   */
  record Setup(
      Config settings,
      Path dataDir,
      Engines engines,
      BenchProgress progress,
      Function<String, Path> resolver) {}

  BackboneTrial(Setup setup) {
    this.setup = setup;
  }

  Setup setup() {
    return setup;
  }

  /**
   * Runs the experiment of {@code backbone} in {@code dir} ({@code resume}: keeps finished
   * trainings there).
   */
  BackboneRow run(
      String backbone,
      TaskSet taskSet,
      Path dir,
      boolean resume,
      String command,
      Map<String, String> versions) {
    Path backboneDir;
    try {
      backboneDir = setup.resolver().apply(backbone);
    } catch (RuntimeException e) {
      return BackboneRow.failed(backbone, "", "import: " + message(e));
    }
    try {
      Files.createDirectories(dir);
      BenchResult result =
          new Experiment(
                  setup.settings(),
                  setup.dataDir(),
                  backboneDir,
                  dir,
                  setup.engines(),
                  setup.progress())
              .resuming(resume)
              .run(taskSet, command, versions);
      ReportWriter.write(result, dir);
      return row(backbone, backboneDir, result, dir);
    } catch (IOException | RuntimeException e) {
      return BackboneRow.failed(backbone, backboneDir.toString(), "experiment: " + message(e));
    }
  }

  private static BackboneRow row(String backbone, Path backboneDir, BenchResult result, Path dir) {
    Map<String, TaskMetrics> mt = result.multitask();
    if (mt.isEmpty()) {
      String why =
          result.failures().stream().map(BackboneTrial::describe).collect(Collectors.joining("; "));
      return BackboneRow.failed(
          backbone, backboneDir.toString(), why.isEmpty() ? "no multitask scores" : why);
    }
    Map<String, Double> accuracy = new LinkedHashMap<>();
    Map<String, Double> macroF1 = new LinkedHashMap<>();
    mt.forEach(
        (task, m) -> {
          accuracy.put(task, m.accuracy());
          macroF1.put(task, m.macroF1());
        });
    double singleMean =
        result.singleTask().isEmpty()
            ? Double.NaN
            : result.singleTask().values().stream()
                .mapToDouble(TaskMetrics::accuracy)
                .average()
                .orElse(Double.NaN);
    Optional<MemoryRecord> memory =
        result.memory().stream()
            .filter(m -> m.ok() && m.configuration().equals(Experiment.MULTITASK))
            .findFirst();
    Optional<TrainingRecord> training =
        result.trainings().stream()
            .filter(t -> t.configuration().startsWith(Experiment.MULTITASK))
            .findFirst();
    int layers = -1;
    int hidden = -1;
    try {
      EncoderConfig c = EncoderConfig.read(backboneDir.resolve(HfBackboneDirectory.CONFIG));
      layers = c.numHiddenLayers();
      hidden = c.hiddenSize();
    } catch (RuntimeException e) {
      // the row still has its scores; the shape is shown as unknown
    }
    return new BackboneRow(
        backbone,
        backboneDir.toAbsolutePath().toString(),
        layers,
        hidden,
        memory.map(m -> m.encoderBytes() / Float.BYTES).orElse(-1L),
        accuracy,
        macroF1,
        singleMean,
        examplesPerSecond(dir.resolve(Experiment.MULTITASK)),
        training.map(TrainingRecord::seconds).orElse(Double.NaN),
        result.speed().map(s -> s.multitaskTextsPerSecond()).orElse(Double.NaN),
        memory.map(MemoryRecord::peakRss).orElse(-1L),
        null);
  }

  /**
   * Training examples per second of optimisation, from the training's {@code metrics.json}; NaN if
   * absent.
   */
  static double examplesPerSecond(Path trainingDir) {
    Path metrics = trainingDir.resolve("metrics.json");
    try {
      JsonNode rate =
          JSON.readTree(metrics.toFile()).path("throughput").path("examples_per_second");
      return rate.isNumber() ? rate.asDouble() : Double.NaN;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  static String describe(Failure f) {
    return f.configuration() + " [" + f.stage() + "]: " + f.reason();
  }
}
