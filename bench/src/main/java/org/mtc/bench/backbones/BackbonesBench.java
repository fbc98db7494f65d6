package org.mtc.bench.backbones;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.mtc.bench.experiment.BenchProgress;
import org.mtc.bench.experiment.BenchSettings;
import org.mtc.bench.experiment.Experiment;
import org.mtc.core.MtcException;
import org.mtc.core.engine.Engines;
import org.mtc.core.task.TaskSet;
import org.mtc.tasks.compare.Interval;
import org.mtc.tasks.compare.Outcomes;
import org.mtc.tasks.compare.PairedBootstrap;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.train.TrainSettings;

/**
 * Runs {@code mtc bench backbones}: one {@link BackboneTrial} per backbone, each in {@code
 * <run>/<backbone>/}, with the same settings and seed, then the paired comparison of every backbone
 * with the first one that has scores, and the report ({@link BackbonesReport}). A backbone that
 * fails is a row with its reason; the others are still measured. Single-threaded; one run per
 * instance.
 */
public final class BackbonesBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Config settings;
  private final Path runDir;
  private final BenchProgress progress;
  private final BackboneTrial trial;

  /**
   * @param resolver a backbone name (or directory) to its directory, importing it on first use; may
   *     throw
   */
  public BackbonesBench(
      Config settings,
      Path dataDir,
      Path runDir,
      Engines engines,
      BenchProgress progress,
      Function<String, Path> resolver) {
    this.settings = settings;
    this.runDir = runDir;
    this.progress = progress;
    this.trial =
        new BackboneTrial(new BackboneTrial.Setup(settings, dataDir, engines, progress, resolver));
  }

  /**
   * The run directory of one backbone: its name, or a directory's file name, made safe for a path.
   */
  public static String directoryName(String backbone) {
    String name = backbone.contains("/") ? Path.of(backbone).getFileName().toString() : backbone;
    return name.replaceAll("[^\\w.-]", "_");
  }

  /**
   * Measures every backbone ({@code resume}: a backbone with a {@code row.json} is kept, an
   * unfinished one continues its trainings) and writes the report into the run directory.
   */
  public Leaderboard run(
      List<String> backbones,
      TaskSet taskSet,
      String command,
      Map<String, String> versions,
      boolean resume) {
    long start = System.nanoTime();
    List<BackboneRow> measured = new ArrayList<>();
    int i = 0;
    for (String backbone : backbones) {
      Path dir = runDir.resolve(directoryName(backbone));
      Optional<BackboneRow> done = resume ? BackboneRows.read(dir) : Optional.empty();
      progress.message(
          String.format(
              Locale.ROOT,
              "backbone %d of %d: %s%s",
              ++i,
              backbones.size(),
              backbone,
              done.isPresent() ? " (measured before the interruption; kept)" : ""));
      BackboneRow row =
          done.orElseGet(() -> trial.run(backbone, taskSet, dir, resume, command, versions));
      if (!row.ok()) {
        progress.message("  " + backbone + ": FAILED " + row.failure());
      }
      if (row.ok()) { // a failed backbone is tried again by a resumed run
        BackboneRows.write(ensure(dir), row);
      }
      measured.add(row);
    }
    List<String> notes = new ArrayList<>(notes());
    List<BackboneRow> rows = timeSideBySide(measured, taskSet, notes);
    Optional<String> baseline =
        rows.stream().filter(BackboneRow::ok).map(BackboneRow::backbone).findFirst();
    Map<String, Interval> versus = new LinkedHashMap<>();
    baseline.ifPresent(b -> compare(b, rows, versus, notes));
    List<String> front = BackboneCharts.paretoFront(rows);
    if (!front.isEmpty()) {
      notes.add(
          "On the Pareto front (no other backbone is both more accurate and faster): "
              + String.join(", ", front)
              + ".");
    }
    Leaderboard board =
        new Leaderboard(
            command,
            rows,
            baseline,
            versus,
            taskSet.names(),
            notes,
            (System.nanoTime() - start) / 1e9);
    BackbonesReport.write(board, runDir);
    return board;
  }

  /**
   * Replaces each trial's own texts/s with a side-by-side timing of every trained model ({@link
   * SideBySideSpeed}); keeps the trials' figures, with a note, when fewer than two backbones have
   * models or the timing fails.
   */
  private List<BackboneRow> timeSideBySide(
      List<BackboneRow> rows, TaskSet taskSet, List<String> notes) {
    Map<String, Path> models = new LinkedHashMap<>();
    rows.stream()
        .filter(BackboneRow::ok)
        .forEach(
            r ->
                models.put(
                    r.backbone(),
                    runDir
                        .resolve(directoryName(r.backbone()))
                        .resolve(Experiment.MULTITASK)
                        .resolve(MultitaskModel.BEST_DIR)));
    if (models.size() < 2) {
      return rows;
    }
    BenchSettings bench = BenchSettings.from(settings);
    progress.message(
        "speed: every backbone's model side by side, "
            + bench.speedRounds()
            + " alternating rounds");
    try {
      Map<String, Double> rates =
          SideBySideSpeed.measure(
              models,
              trial.setup().engines(),
              Experiment.inferenceSettings(settings, bench),
              SideBySideSpeed.examples(
                  taskSet,
                  trial.setup().dataDir(),
                  settings.getLong("mtc.seed"),
                  bench.speedTexts()),
              bench.speedBatchSize(),
              bench.speedRounds());
      notes.add(
          "Texts/s were measured side by side once every backbone was trained: all models loaded in one JVM, "
              + "answering the same texts in alternating rounds (fastest round counts), so machine load hits them "
              + "alike; each backbone's own report.md has the figure timed right after its training.");
      return rows.stream()
          .map(
              r ->
                  rates.containsKey(r.backbone())
                      ? r.withTextsPerSecond(rates.get(r.backbone()))
                      : r)
          .toList();
    } catch (RuntimeException e) {
      notes.add(
          "The side-by-side timing failed ("
              + e.getMessage()
              + "); texts/s are each trial's own timing.");
      return rows;
    }
  }

  /** Each backbone's mean accuracy minus the baseline's, paired on the same test examples. */
  private void compare(
      String baseline, List<BackboneRow> rows, Map<String, Interval> versus, List<String> notes) {
    BenchSettings bench = BenchSettings.from(settings);
    long seed = settings.getLong("mtc.seed");
    try {
      Map<String, Outcomes> base = outcomes(baseline);
      for (BackboneRow r : rows) {
        if (r.ok() && !r.backbone().equals(baseline)) {
          versus.put(
              r.backbone(),
              PairedBootstrap.compare(
                      outcomes(r.backbone()), base, bench.bootstrapResamples(), seed)
                  .meanAccuracy());
        }
      }
    } catch (IOException | RuntimeException e) {
      notes.add("The paired comparison with " + baseline + " could not be made: " + e.getMessage());
    }
  }

  private Map<String, Outcomes> outcomes(String backbone) throws IOException {
    Path file =
        runDir
            .resolve(directoryName(backbone))
            .resolve(Experiment.MULTITASK)
            .resolve(Experiment.OUTCOMES);
    JsonNode json = JSON.readTree(file.toFile());
    Map<String, Outcomes> out = new LinkedHashMap<>();
    json.fields().forEachRemaining(e -> out.put(e.getKey(), Outcomes.fromJson(e.getValue())));
    return out;
  }

  private List<String> notes() {
    TrainSettings train = TrainSettings.from(settings);
    BenchSettings bench = BenchSettings.from(settings);
    String inference = bench.inference().orElse(settings.getString("mtc.backbone.engine"));
    return List.of(
        String.format(
            Locale.ROOT,
            "Every backbone trains one multitask model with the same settings and seed "
                + "(%d): at most %s examples per task, %d epoch(s), max length %d, engine %s.",
            train.seed(),
            train.maxTrainPerTask() == 0 ? "all" : Integer.toString(train.maxTrainPerTask()),
            train.epochs(),
            settings.getInt("mtc.backbone.max-length"),
            settings.getString("mtc.backbone.engine")),
        "Mean accuracy is the mean over tasks of test accuracy (exact match for multi-label tasks), on "
            + (bench.maxTestPerTask() == 0
                ? "every example of each test split"
                : "a seeded sample of at most "
                    + bench.maxTestPerTask()
                    + " test examples per task")
            + ".",
        "'vs' is the difference in points from the baseline (the first backbone given that has scores) with its "
            + "95% paired-bootstrap interval: both models are scored on the same resampled test examples.",
        "Texts/s: answering every task for the same texts in batches of "
            + bench.speedBatchSize()
            + " on the "
            + inference
            + " engine, fastest of "
            + bench.speedRounds()
            + " rounds. Peak RSS: a child JVM that "
            + "loads the multitask model on the "
            + inference
            + " engine and predicts "
            + bench.memoryTexts()
            + " texts (VmHWM). Train examples/s: optimisation time only, on the training engine.",
        "Each backbone's full report (report.md, charts, training logs) is in its own directory.");
  }

  private static Path ensure(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new MtcException("could not create " + dir + ": " + e.getMessage(), e);
    }
  }
}
