package org.mtc.bench.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mtc.core.engine.Engines;
import org.mtc.core.io.AtomicFiles;
import org.mtc.core.task.TaskSet;
import org.mtc.tasks.compare.SeedSummary;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.predict.Evaluator;
import org.mtc.tasks.train.TrainSettings;

/**
 * The multitask vs single-task experiment. With the same backbone, settings and seed it trains one
 * multitask model on every task and one single-task model per task ({@code <run>/multitask}, {@code
 * <run>/single-task/<task>}), once per seed ({@code mtc.bench.seeds}), scores every model on the
 * whole test split of each of its tasks (or on the same seeded sample, {@code
 * mtc.bench.max-test-per-task}) and compares them pairwise ({@link
 * org.mtc.tasks.compare.PairedBootstrap}), measures resident memory of each inference configuration
 * in its own child JVM ({@link ChildJvm}), and times answering every task ({@link SpeedMeter}).
 *
 * <p>Nothing that fails stops the run: a task whose data cannot be read, a training that throws, a
 * child JVM that dies become {@link Failure}s in the result, and the rest is measured.
 * Single-threaded; one run per instance.
 */
public final class Experiment {
  public static final String MULTITASK = "multitask";
  public static final String ALL_SINGLE = "all single-task, one JVM";

  private final Config settings;
  private final Path dataDir;
  private final Path backboneDir;
  private final Path runDir;
  private final Engines engines;
  private final BenchProgress progress;
  private boolean resume;
  private int stage;
  private int stages;

  /**
   * @param settings merged settings (task set under {@code mtc.tasks}, {@code mtc.train}, {@code
   *     mtc.bench})
   * @param backboneDir the backbone every model starts from
   * @param runDir the run directory (created by the caller)
   */
  public Experiment(
      Config settings,
      Path dataDir,
      Path backboneDir,
      Path runDir,
      Engines engines,
      BenchProgress progress) {
    this.settings =
        settings.withValue(
            "mtc.backbone.directory",
            ConfigValueFactory.fromAnyRef(backboneDir.toAbsolutePath().toString()));
    this.dataDir = dataDir;
    this.backboneDir = backboneDir;
    this.runDir = runDir;
    this.engines = engines;
    this.progress = progress;
  }

  /**
   * Continues an interrupted run in the same run directory: a configuration whose training finished
   * ({@value #RECORD} in its directory) is not trained again, one that was training continues from
   * its last checkpoint, and the scoring, memory and speed stages run as usual, so the report is
   * the one an uninterrupted run writes.
   */
  public Experiment resuming(boolean on) {
    this.resume = on;
    return this;
  }

  /**
   * The file the multitask model's test decisions are written to in its training directory, per
   * task ({@link org.mtc.tasks.compare.Outcomes#toJson}), so other runs can be compared with it
   * pairwise.
   */
  public static final String OUTCOMES = "test-outcomes.json";

  /** The file a finished training writes into its directory, with its {@link TrainingRecord}. */
  public static final String RECORD = "training.json";

  /** The merged settings as HOCON (what {@code settings.conf} of the run holds). */
  public String renderedSettings() {
    return render(settings);
  }

  /** Runs the experiment on {@code taskSet} (the settings' task set or a subset of it). */
  public BenchResult run(TaskSet taskSet, String command, Map<String, String> versions) {
    long start = System.nanoTime();
    BenchSettings bench = BenchSettings.from(settings);
    TrainSettings train = TrainSettings.from(settings);
    Path settingsFile = runDir.resolve("settings.conf");
    AtomicFiles.writeString(settingsFile, renderedSettings());
    List<Failure> failures = new ArrayList<>();
    stages = stageCount(taskSet, bench);
    stage = 0;
    stage("read the data of " + taskSet.size() + " tasks from " + dataDir);
    BenchData read = BenchData.read(taskSet, dataDir, train, bench, failures);
    SeedResults seeds = trainAndScore(read, train, bench, failures);
    Optional<SeedSummary> seedSummary =
        bench.seeds() < 2
            ? Optional.empty()
            : Optional.of(
                SeedSummary.of(
                    seeds.runs().stream().map(SeedRun::seed).toList(),
                    seeds.runs().stream().map(SeedRun::comparison).toList()));
    List<Example> mixed =
        Samples.mixed(read.test(), Math.max(bench.memoryTexts(), bench.speedTexts()));
    List<MemoryRecord> memory = memory(seeds, mixed, bench, settingsFile, failures);
    Optional<SpeedRecord> speed = speed(seeds, mixed, bench, failures);
    return new BenchResult(
        command,
        versions(versions, bench),
        renderedSettings(),
        bench,
        taskSet.names(),
        read.trainSizes(),
        sizes(read.test()),
        read.testSplitSizes(),
        read.files(),
        seeds.runs(),
        seedSummary,
        seeds.trainings(),
        memory,
        speed,
        failures,
        ReportNotes.of(bench, train),
        (System.nanoTime() - start) / 1e9);
  }

  /**
   * What the seeds trained and scored: every training, one scored run per seed, and the first
   * seed's models.
   */
  private record SeedResults(
      List<TrainingRecord> trainings,
      List<SeedRun> runs,
      Optional<Path> mtModel,
      Map<String, Path> stModels) {}

  /**
   * Per seed: the baseline multitask model, one single-task model per task, the multitask model of
   * each other strategy (those that distil learn from that seed's single-task models), then every
   * model scored on the test splits.
   */
  private SeedResults trainAndScore(
      BenchData read, TrainSettings train, BenchSettings bench, List<Failure> failures) {
    List<TaskData> data = read.data();
    List<TrainingRecord> trainings = new ArrayList<>();
    List<SeedRun> seedRuns = new ArrayList<>();
    Optional<Path> mtModel = Optional.empty();
    Map<String, Path> stModels = new LinkedHashMap<>();
    Trainings trainer = new Trainings(engines, backboneDir, progress, resume);
    Scoring scoring =
        new Scoring(engines, inferenceSettings(bench), new Evaluator(train.batchSize()), bench);
    for (int s = 0; s < bench.seeds(); s++) {
      long seed = train.seed() + s;
      Path seedDir = bench.seeds() == 1 ? runDir : runDir.resolve("seed-" + seed);
      String label = bench.seeds() == 1 ? "" : " (seed " + seed + ")";
      Scoring.SeedModels models =
          trainSeed(
              new Scoring.SeedModels(seed, label, seedDir, Optional.empty(), Map.of(), Map.of()),
              data,
              bench,
              trainer,
              trainings,
              failures);
      stage("score every model on the whole test splits" + label);
      seedRuns.add(scoring.score(models, read.test(), failures));
      if (s == 0) {
        mtModel = models.multitask();
        stModels.putAll(models.singleTask());
      }
    }
    return new SeedResults(trainings, seedRuns, mtModel, stModels);
  }

  /**
   * Trains one seed's models ({@code seed} gives the seed, its label and directory); returns them.
   */
  private Scoring.SeedModels trainSeed(
      Scoring.SeedModels seed,
      List<TaskData> data,
      BenchSettings bench,
      Trainings trainer,
      List<TrainingRecord> trainings,
      List<Failure> failures) {
    String label = seed.label();
    Config seeded = settings.withValue("mtc.seed", ConfigValueFactory.fromAnyRef(seed.seed()));
    stage("train the multitask model on " + data.size() + " tasks" + label);
    Optional<Path> mt =
        data.isEmpty()
            ? Optional.empty()
            : trainer.train(
                MULTITASK + label,
                data,
                seed.seedDir().resolve(MULTITASK),
                seeded,
                Map.of(),
                trainings,
                failures);
    Map<String, Path> st = new LinkedHashMap<>();
    for (TaskData d : bench.singleTask() ? data : List.<TaskData>of()) {
      String name = d.spec().name();
      stage("train the single-task model: " + name + label);
      trainer
          .train(
              "single-task " + name + label,
              List.of(d),
              seed.seedDir().resolve("single-task").resolve(name),
              seeded,
              Map.of(),
              trainings,
              failures)
          .ifPresent(p -> st.put(name, p));
    }
    Map<Strategy, Path> others = new LinkedHashMap<>();
    for (Strategy strategy : bench.strategies()) {
      if (strategy.baseline() || data.isEmpty()) {
        continue;
      }
      stage("train the multitask model of strategy " + strategy.name() + label);
      trainer
          .train(
              strategy.configuration() + label,
              data,
              seed.seedDir().resolve(strategy.directory()),
              strategy.over(seeded),
              strategy.distill() ? st : Map.of(),
              trainings,
              failures)
          .ifPresent(p -> others.put(strategy, p));
    }
    return new Scoring.SeedModels(seed.seed(), label, seed.seedDir(), mt, st, others);
  }

  /** Each inference configuration's resident memory, in its own child JVM. */
  private List<MemoryRecord> memory(
      SeedResults seeds,
      List<Example> mixed,
      BenchSettings bench,
      Path settingsFile,
      List<Failure> failures) {
    stage("memory: each configuration in its own child JVM");
    List<String> texts = mixed.stream().map(Example::text).toList();
    Path textsFile = runDir.resolve("probe").resolve("texts.txt");
    AtomicFiles.writeString(
        textsFile,
        String.join("\n", texts.stream().map(t -> t.replace('\n', ' ')).toList()) + "\n");
    Path probeSettings = settingsFile;
    if (bench.inference().isPresent()) {
      probeSettings = runDir.resolve("probe").resolve("inference.conf");
      AtomicFiles.writeString(probeSettings, render(inferenceSettings(bench)));
    }
    List<MemoryRecord> memory =
        new MemoryProbes(bench, runDir.resolve("probe"), probeSettings, textsFile, progress)
            .run(seeds.mtModel(), seeds.stModels());
    memory.stream()
        .filter(m -> !m.ok())
        .forEach(m -> failures.add(new Failure(m.configuration(), "memory", m.error())));
    return memory;
  }

  /** The time to answer every task: the multitask model against every single-task model. */
  private Optional<SpeedRecord> speed(
      SeedResults seeds, List<Example> mixed, BenchSettings bench, List<Failure> failures) {
    stage(
        bench.singleTask()
            ? "speed: answering all tasks, multitask vs every single-task model"
            : "speed: answering all tasks");
    if (seeds.mtModel().isPresent() && (!seeds.stModels().isEmpty() || !bench.singleTask())) {
      return speed(
          seeds.mtModel().get(),
          seeds.stModels(),
          mixed.subList(0, Math.min(mixed.size(), bench.speedTexts())),
          bench,
          inferenceSettings(bench),
          failures);
    }
    failures.add(
        new Failure(
            "speed",
            "speed",
            bench.singleTask()
                ? "needs the multitask model and at least one single-task model"
                : "needs the multitask model"));
    return Optional.empty();
  }

  /**
   * The versions the report lists: the caller's, the engines, the backbone and the load average at
   * the end.
   */
  private Map<String, String> versions(Map<String, String> versions, BenchSettings bench) {
    Map<String, String> all = new LinkedHashMap<>(versions);
    all.put("engine", settings.getString("mtc.backbone.engine"));
    bench.inference().ifPresent(e -> all.put("inference engine", e));
    all.put("backbone", backboneDir.toAbsolutePath().toString());
    try {
      all.put("load average at end", Files.readString(Path.of("/proc/loadavg")).trim());
    } catch (IOException | RuntimeException e) {
      all.put("load average at end", "unknown");
    }
    return all;
  }

  private void stage(String name) {
    progress.stage(++stage, stages, name);
  }

  /**
   * Stages shown by the progress display: data; per seed the multitask model of each strategy, one
   * model per task and the scores; memory, speed, report.
   */
  public static int stageCount(TaskSet taskSet, BenchSettings bench) {
    return bench.seeds()
            * ((bench.singleTask() ? taskSet.size() : 0) + bench.strategies().size() + 1)
        + 4;
  }

  /**
   * The settings the trained models are scored, probed and timed with: frozen (no training state),
   * on {@code mtc.bench.inference-engine} when set.
   */
  private Config inferenceSettings(BenchSettings bench) {
    return inferenceSettings(settings, bench);
  }

  /** {@code settings} for inference: frozen, on {@code mtc.bench.inference-engine} when set. */
  public static Config inferenceSettings(Config settings, BenchSettings bench) {
    Config frozen =
        settings.withValue(
            "mtc.backbone.trainable-layers", ConfigValueFactory.fromAnyRef("frozen"));
    return bench
        .inference()
        .map(e -> frozen.withValue("mtc.backbone.engine", ConfigValueFactory.fromAnyRef(e)))
        .orElse(frozen);
  }

  private static String render(Config config) {
    return config
        .getConfig("mtc")
        .atKey("mtc")
        .root()
        .render(ConfigRenderOptions.defaults().setOriginComments(false));
  }

  private Optional<SpeedRecord> speed(
      Path mtDir,
      Map<String, Path> stDirs,
      List<Example> examples,
      BenchSettings bench,
      Config inference,
      List<Failure> failures) {
    List<MultitaskModel> singles = new ArrayList<>();
    try (MultitaskModel mt = MultitaskModel.load(mtDir, engines, inference)) {
      for (Path dir : stDirs.values()) {
        singles.add(MultitaskModel.load(dir, engines, inference));
      }
      return Optional.of(
          SpeedMeter.measure(
              mt,
              singles,
              examples.stream().map(Example::input).toList(),
              bench.speedBatchSize(),
              bench.speedRounds()));
    } catch (RuntimeException e) {
      failures.add(new Failure("speed", "speed", message(e)));
      return Optional.empty();
    } finally {
      singles.forEach(MultitaskModel::close);
    }
  }

  private static Map<String, Integer> sizes(Map<String, List<Example>> byTask) {
    Map<String, Integer> out = new LinkedHashMap<>();
    byTask.forEach((t, l) -> out.put(t, l.size()));
    return out;
  }

  static String message(Throwable e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
