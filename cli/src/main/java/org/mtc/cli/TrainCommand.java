package org.mtc.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mtc.core.FineTuning;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.engine.Engines;
import org.mtc.core.io.AtomicFiles;
import org.mtc.core.model.EncoderConfig;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.core.settings.Settings;
import org.mtc.core.task.TaskSet;
import org.mtc.core.task.TaskSpec;
import org.mtc.library.Teachers;
import org.mtc.onnx.MatmulRate;
import org.mtc.tasks.data.DataDirectory;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.data.TaskDataLoader;
import org.mtc.tasks.distill.DistillSettings;
import org.mtc.tasks.distill.GoldWeightSchedule;
import org.mtc.tasks.distill.Teacher;
import org.mtc.tasks.distill.TeacherTargets;
import org.mtc.tasks.eval.MetricsTable;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.model.TasksConf;
import org.mtc.tasks.train.ResumeCheckpoint;
import org.mtc.tasks.train.RunDirectory;
import org.mtc.tasks.train.TrainResult;
import org.mtc.tasks.train.TrainSettings;
import org.mtc.tasks.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mtc train}: fine-tunes one shared encoder and one head per task, keeping the best
 * checkpoint.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Train a multitask model (one encoder, one head per task) and keep the best checkpoint.")
final class TrainCommand implements Callable<Integer> {
  @Mixin SettingsOptions settingsOptions;

  @Inject Engines engines;

  @Option(
      names = "--tasks",
      paramLabel = "FILE",
      description = "Task set (HOCON), e.g. conf/dream9.conf. Needed except with --resume.")
  Path tasksFile;

  @Mixin TrainingChoiceOptions choice;

  @Mixin TeacherOptions teacherOptions;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Run directory to create.")
  Path out;

  @Option(
      names = "--overwrite",
      description = "Replace an existing run directory, once the new run has a checkpoint.")
  boolean overwrite;

  @Option(
      names = "--resume",
      description =
          "Continue the interrupted run in --out from its last checkpoint, "
              + "with the settings it recorded.")
  boolean resume;

  @Mixin TrainingBudgetOptions budget;

  @Option(names = "--learning-rate", paramLabel = "LR")
  Double learningRate;

  @Option(names = "--trainable-layers", paramLabel = "all|frozen|N")
  String trainableLayers;

  @Option(names = "--max-length", paramLabel = "TOKENS")
  Integer maxLength;

  @Option(
      names = "--roofline",
      description =
          "Measure this machine's fp32 matmul rate with ONNX Runtime (a few "
              + "seconds) before training, and report the training throughput as a share of it. Off by default: it loads "
              + "ONNX Runtime into the run.")
  boolean roofline;

  @Option(
      names = "--profile",
      description =
          "Print where the training's wall time went (data, tokenization, encoder forward and "
              + "backward, heads, optimizer, evaluation, checkpoints) and the kernel's share of the "
              + "CPU time. train.log and metrics.json (profile) always hold it.")
  boolean profile;

  /**
   * The option that stands for each setting of this command, by setting: a resume that is refused
   * for a setting names its option too.
   */
  static final Map<String, String> SETTING_OPTIONS =
      Map.ofEntries(
          Map.entry("mtc.backbone.engine", "--engine"),
          Map.entry("mtc.backbone.directory", "--backbone"),
          Map.entry("mtc.train.max-train-per-task", "--max-train-per-task"),
          Map.entry("mtc.train.epochs", "--epochs"),
          Map.entry("mtc.train.max-steps", "--max-steps"),
          Map.entry("mtc.train.batch-size", "--batch-size"),
          Map.entry("mtc.train.learning-rate", "--learning-rate"),
          Map.entry("mtc.train.head-learning-rate", "--head-learning-rate"),
          Map.entry("mtc.backbone.trainable-layers", "--trainable-layers"),
          Map.entry("mtc.backbone.max-length", "--max-length"),
          Map.entry("mtc.seed", "--seed"),
          Map.entry("mtc.train.max-time", "--max-time"),
          Map.entry(TeacherOptions.TEACHERS, "--teachers"));

  @Override
  public Integer call() throws IOException {
    Map<String, Object> values = givenSettings();
    if (resume) {
      if (overwrite) {
        throw new MtcException(
            "--resume continues the run in --out and --overwrite replaces it: give one of them");
      }
      return resumeRun(values);
    }
    if (tasksFile == null) {
      throw new MtcException(
          "give the task set with --tasks FILE (e.g. conf/dream9.conf), or --resume to continue "
              + "the run in --out");
    }
    Config settings = settingsOptions.load(List.of(tasksFile), values);
    TaskSet tasks = choice.select(TaskSet.from(settings));
    settings = teacherOptions.withTeachers(settings, tasks.names());
    warnIgnored(settings, tasks, values);
    RunDirectory.check(out, overwrite);
    Path dataDir = DataDirectory.resolve(settings, Optional.ofNullable(settingsOptions.dataDir));
    TrainSettings train = TrainSettings.from(settings);
    List<TaskData> data = new ArrayList<>();
    for (var spec : tasks.tasks()) {
      data.add(load(spec, dataDir, Optional.empty(), train));
    }
    Path backboneDir =
        choice.backboneDirectory(settings, notice -> System.err.println("mtc: " + notice));
    settings =
        settings.withValue(
            "mtc.backbone.directory",
            ConfigValueFactory.fromAnyRef(backboneDir.toAbsolutePath().toString()));
    BackboneSpec backbone =
        BackboneSpec.from(settings, backboneDir); // checks trainable-layers against the encoder
    Map<String, Teacher> teachers = Teachers.of(settings);
    TeacherTargets.check(labels(data), teachers);
    long start = System.nanoTime();
    TrainResult result;
    // Everything is checked and the backbone opens before the run directory is touched; a run that
    // fails before its first checkpoint removes what it wrote, and a replaced run goes only once
    // the new one has one.
    try (MultitaskModel model = MultitaskModel.create(engines.open(backbone), data, settings);
        RunDirectory run = RunDirectory.start(out, overwrite);
        ProgressDisplay progress = new ProgressDisplay(System.err, train.logEvery())) {
      AtomicFiles.writeString(
          run.path().resolve(RunDirectory.SETTINGS),
          settings
              .getConfig("mtc")
              .atKey("mtc")
              .root()
              .render(ConfigRenderOptions.defaults().setOriginComments(false)));
      AtomicFiles.writeString(run.path().resolve(RunDirectory.COMMAND), Main.commandLine() + "\n");
      result =
          trainer(train, progress, backboneDir, settings)
              .withTeachers(teachers, DistillSettings.from(settings))
              .train(model, data, run.path());
    }
    return report(result, start);
  }

  /** The settings given as options, by setting (null where an option is not given). */
  private Map<String, Object> givenSettings() {
    Map<String, Object> values = new LinkedHashMap<>();
    choice.putEngine(values);
    budget.put(values);
    values.put("mtc.train.learning-rate", learningRate);
    values.put("mtc.backbone.trainable-layers", trainableLayers);
    values.put("mtc.backbone.max-length", maxLength);
    choice
        .backbone()
        .ifPresent(b -> values.put("mtc.backbone.directory", b.toAbsolutePath().toString()));
    return values;
  }

  /**
   * Continues the run in --out from its newest intact checkpoint, with the settings it recorded.
   */
  private int resumeRun(Map<String, Object> values) throws IOException {
    if (!Files.isDirectory(out) || !Files.isRegularFile(out.resolve(RunDirectory.SETTINGS))) {
      throw new MtcException(
          "--resume: "
              + out
              + " is not a run directory (no "
              + RunDirectory.SETTINGS
              + "); give "
              + "the --out of the run to continue");
    }
    List<String> damaged = new ArrayList<>();
    Path checkpoint = usableCheckpoint(damaged);
    Path tasksConf = ResumeCheckpoint.model(checkpoint).resolve(TasksConf.FILE);
    teacherOptions.putTeachers(values, TasksConf.read(tasksConf).names());
    Config given =
        settingsOptions.given(tasksFile == null ? List.of() : List.of(tasksFile), values);
    Config settings =
        ResumedSettings.merge(
            out.resolve(RunDirectory.SETTINGS), given, SETTING_OPTIONS, tasksFile);
    ResumedSettings.checkTasks(choice.only(), TasksConf.read(tasksConf).names(), tasksConf);
    TrainSettings train = TrainSettings.from(settings);
    Path dataDir = DataDirectory.resolve(settings, Optional.ofNullable(settingsOptions.dataDir));
    // the checkpoint holds the encoder: the recorded backbone directory is not needed (it may have
    // moved)
    Path backboneDir = ResumeCheckpoint.model(checkpoint).resolve(MultitaskModel.BACKBONE_DIR);
    long start = System.nanoTime();
    TrainResult result;
    try (MultitaskModel model =
            MultitaskModel.load(ResumeCheckpoint.model(checkpoint), engines, settings);
        ProgressDisplay progress = new ProgressDisplay(System.err, train.logEvery())) {
      List<TaskData> data = new ArrayList<>();
      for (var head : model.heads()) {
        data.add(load(model.tasks().task(head.task()), dataDir, Optional.of(head.labels()), train));
      }
      Files.writeString(
          out.resolve(RunDirectory.COMMAND), Main.commandLine() + "\n", StandardOpenOption.APPEND);
      for (String m : damaged) { // the run's own log says which checkpoint was passed over, and why
        Files.writeString(out.resolve("train.log"), m + "\n", StandardOpenOption.APPEND);
      }
      Map<String, Teacher> teachers = Teachers.of(settings);
      TeacherTargets.check(labels(data), teachers);
      result =
          trainer(train, progress, backboneDir, settings)
              .withTeachers(teachers, DistillSettings.from(settings))
              .resume(model, data, out, checkpoint);
    }
    return report(result, start);
  }

  /** The training and dev data of one task, with {@code labels} when they are fixed. */
  static TaskData load(
      TaskSpec spec, Path dataDir, Optional<LabelSpace> labels, TrainSettings train) {
    return TaskDataLoader.load(
        spec, dataDir, labels, Set.of("train", "dev"), train.maxTrainPerTask(), train.seed());
  }

  /** Each task's labels, in output order. */
  private static Map<String, List<String>> labels(List<TaskData> data) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    data.forEach(d -> out.put(d.spec().name(), d.labels().labels()));
    return out;
  }

  /**
   * The newest intact checkpoint of the run in --out; each one passed over is reported and added to
   * {@code damaged}.
   */
  private Path usableCheckpoint(List<String> damaged) {
    return ResumeCheckpoint.usable(
            out,
            m -> {
              System.err.println("mtc: " + m);
              damaged.add(m);
            })
        .orElseThrow(
            () ->
                new MtcException(
                    "--resume: "
                        + out
                        + " has no checkpoint to resume from (a run writes one at each "
                        + "evaluation and every mtc.train.checkpoint-every steps, and removes it when it finishes); start "
                        + "it again with --overwrite"));
  }

  /** One warning line for each given option or setting that does nothing with the others given. */
  private void warnIgnored(Config settings, TaskSet tasks, Map<String, Object> values) {
    settingsOptions.warnOtherEngines(
        List.of(tasksFile), values, settings.getString("mtc.backbone.engine"));
    String maxSteps = "mtc.train.max-steps";
    if (budget.epochs != null && settings.getLong(maxSteps) > 0) {
      IgnoredOptions.warning(
          "--epochs does nothing: "
              + maxSteps
              + " = "
              + settings.getLong(maxSteps)
              + " ("
              + Settings.where(settings.getValue(maxSteps).origin())
              + ") sets the run's length");
    }
    DistillSettings distill = DistillSettings.from(settings);
    if (distill.enabled()
        && distill.schedule() == GoldWeightSchedule.CONSTANT
        && distill.goldWeight() == 1) {
      IgnoredOptions.warning(
          "--teachers does nothing: mtc.train.distill.gold-weight = 1 with schedule = constant "
              + "trains on the gold labels alone (the teachers still predict, at a cost)");
    }
    String layers = "mtc.backbone.trainable-layers";
    boolean frozen =
        FineTuning.parse(settings.getString(layers), Settings.where(settings, layers)).frozen();
    if (learningRate != null && frozen && !settings.getIsNull("mtc.train.head-learning-rate")) {
      IgnoredOptions.warning(
          "--learning-rate does nothing: the encoder is frozen (trainable-layers = frozen) and "
              + "the heads learn at --head-learning-rate");
    }
    boolean allMultiLabel = tasks.tasks().stream().allMatch(t -> t.kind().learnsAtMultiLabelRate());
    if (budget.headLearningRate != null
        && allMultiLabel
        && !settings.getIsNull("mtc.train.multi-label-head-learning-rate")) {
      IgnoredOptions.warning(
          "--head-learning-rate does nothing: every task is multi-label, and multi-label heads "
              + "learn at mtc.train.multi-label-head-learning-rate");
    }
  }

  /**
   * A trainer that, with {@code --roofline}, reports the training roofline against this machine's
   * matmul rate.
   */
  private Trainer trainer(
      TrainSettings train, ProgressDisplay progress, Path backboneDir, Config settings) {
    EncoderConfig encoder = HfBackboneDirectory.open(backboneDir).encoderConfig();
    double matmul = 0; // not measured: the throughput line then leaves the roofline share out
    if (roofline) {
      matmul =
          MatmulRate.gflops(
              train.batchSize() * settings.getInt("mtc.backbone.max-length"),
              encoder.hiddenSize(),
              encoder.intermediateSize(),
              5,
              0);
      System.err.printf(
          Locale.ROOT,
          "matmul rate of this machine: %.1f GFLOP/s (fp32, ONNX Runtime probe)%n",
          matmul);
    }
    return new Trainer(train, progress, matmul, encoder.transformerParameters());
  }

  private int report(TrainResult result, long start) {
    double seconds = (System.nanoTime() - start) / 1e9;
    System.err.printf(
        Locale.ROOT,
        "trained %d steps in %s; best mean dev score %.4f (round %d, step %d)%s%n",
        result.steps(),
        ProgressDisplay.duration((long) seconds),
        result.bestMeanDevScore(),
        result.bestRound(),
        result.bestStep(),
        result.stoppedEarly() ? ", stopped early" : result.cutByTime() ? ", cut by time" : "");
    System.err.println("throughput: " + result.throughput().line());
    if (profile) {
      result.profile().lines().forEach(System.err::println);
    }
    if (!result.bestDev().isEmpty()) {
      System.out.println(MetricsTable.format(result.bestDev()));
    }
    System.err.println(
        "model: "
            + out.resolve(MultitaskModel.BEST_DIR)
            + "  (evaluate: bin/mtc eval --model "
            + out
            + " --split test)");
    return 0;
  }
}
