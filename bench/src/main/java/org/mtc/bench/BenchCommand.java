package org.mtc.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mtc.bench.experiment.BenchProgress;
import org.mtc.bench.experiment.BenchResult;
import org.mtc.bench.experiment.BenchSettings;
import org.mtc.bench.experiment.BenchSetup;
import org.mtc.bench.experiment.Experiment;
import org.mtc.bench.experiment.Goals;
import org.mtc.bench.experiment.ReportWriter;
import org.mtc.cli.IgnoredOptions;
import org.mtc.cli.Subcommand;
import org.mtc.cli.TrainingChoiceOptions;
import org.mtc.core.MtcException;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.engine.Engines;
import org.mtc.core.io.AtomicFiles;
import org.mtc.core.io.ExitCleanup;
import org.mtc.core.io.FileTrees;
import org.mtc.core.settings.Settings;
import org.mtc.core.task.TaskSet;
import org.mtc.tasks.data.TaskDataLoader;
import org.mtc.tasks.train.TrainSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mtc bench}: the multitask vs single-task experiment ({@link Experiment}: accuracy, memory,
 * speed, written to a run directory by {@link ReportWriter}) and, as subcommands, the engine
 * benchmarks. Joins the command line as a {@link Subcommand}, bound by {@link BenchModule}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks: one multitask model vs one single-task model per task (accuracy, memory, speed);",
      "`bench engines` compares encoder engines."
    },
    subcommands = {
      EnginesBenchCommand.class,
      ContentionBenchCommand.class,
      GroupingBenchCommand.class,
      BackbonesBenchCommand.class,
      ComposeBenchCommand.class,
      ServeBenchCommand.class
    })
public final class BenchCommand extends BenchRunCommand implements Subcommand {
  @Spec CommandSpec spec;

  @Inject Engines engines;

  @Option(
      names = "--preset",
      defaultValue = "quick",
      paramLabel = "quick|standard|full|none",
      description =
          "Budget preset (bench-quick.conf, bench-standard.conf: about 60 min, bench-full.conf; copied "
              + "into the run directory). "
              + "Default: quick (about 20 min on 2 cores).")
  String preset;

  @Option(
      names = "--tasks",
      paramLabel = "FILE",
      description = "Task set (HOCON). Default: conf/dream9.conf.")
  Path tasksFile;

  @Mixin TrainingChoiceOptions choice;

  @Option(
      names = "--seeds",
      paramLabel = "N",
      description =
          "Train every configuration with N seeds (mtc.seed, "
              + "mtc.seed + 1, ...); the report gives mean ± sd per task and intervals over seeds. Default: the preset's "
              + "mtc.bench.seeds (1).")
  Integer seeds;

  @Option(
      names = "--strategies",
      split = ",",
      paramLabel = "NAME,...",
      description =
          "Multitask training strategies to compare, each with its own multitask model on the same data, "
              + "budget and seed: baseline (always trained), distill (taught by the single-task models), "
              + "uncertainty (uncertainty task weighting), distill-uncertainty, or one declared under "
              + "mtc.bench.strategy. Sets mtc.bench.strategies; default: baseline alone.")
  List<String> strategies;

  @Override
  int start() throws IOException {
    checkSeeds();
    Path tasks = tasksFile != null ? tasksFile : BenchRuns.defaultTasks();
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    Path run = sources.runDirectory("bench-" + preset, stamp);
    Path presetDir = Files.createTempDirectory("mtc-preset-");
    Path presetFile = preset.equals("none") ? null : BenchSetup.writePreset(preset, presetDir);
    Map<String, Object> values = new LinkedHashMap<>();
    choice.putEngine(values);
    values.put("mtc.bench.seeds", seeds);
    values.put("mtc.bench.strategies", strategies);
    Config settings;
    TaskSet taskSet;
    Path data;
    Path backboneDir;
    try {
      settings = sources.load(presetFile, tasks, values);
      taskSet = choice.select(TaskSet.from(settings));
      data = sources.dataDirectory(settings);
      for (var spec : taskSet.tasks()) {
        TaskDataLoader.files(spec, data, Set.of("train", "test"));
      }
      backboneDir = choice.backboneDirectory(settings, notice -> {});
      BackboneSpec.from(settings, backboneDir); // e.g. trainable-layers against the encoder
      TrainSettings.from(settings);
      BenchSettings.from(settings);
    } catch (RuntimeException e) {
      FileTrees.delete(presetDir);
      throw e;
    }
    // Checked before anything is written: an old run is moved aside and comes back if this one
    // fails.
    Path previous = BenchRuns.setAside(run);
    BenchResult result;
    try (ExitCleanup stopped = BenchRuns.announceAtExit(run, previous)) {
      String command = recordRun(run, presetFile, presetDir, taskSet);
      System.err.println("mtc bench: run directory " + run + " (report.md when done)");
      try (BenchProgress progress =
          new BenchProgress(
              System.err, TrainSettings.from(settings).logEvery(), BenchProgress.interactive())) {
        result =
            new Experiment(settings, data, backboneDir, run, engines, progress)
                .run(taskSet, command, BenchRuns.versions(spec, stamp));
        int stages = Experiment.stageCount(taskSet, BenchSettings.from(settings));
        progress.stage(stages, stages, "write the report");
      }
    } catch (RuntimeException | Error e) {
      BenchRuns.restore(run, previous);
      throw e;
    }
    if (previous != null) {
      FileTrees.delete(previous);
    }
    return report(result, run);
  }

  private void checkSeeds() {
    if (seeds != null && seeds < 1) {
      throw new MtcException(
          "--seeds "
              + seeds
              + ": give the number of training seeds per configuration, 1 or "
              + "more (e.g. --seeds 3)");
    }
  }

  /**
   * Copies the preset into {@code run}, deletes the temporary preset folder and records the command
   * line and the task names there; returns the command line.
   */
  private String recordRun(Path run, Path presetFile, Path presetDir, TaskSet taskSet)
      throws IOException {
    if (presetFile != null) {
      Files.copy(presetFile, run.resolve(presetFile.getFileName()));
    }
    FileTrees.delete(presetDir);
    String command = BenchRuns.command(spec);
    AtomicFiles.writeString(run.resolve(BenchRuns.COMMAND_FILE), command + "\n");
    AtomicFiles.writeString(
        run.resolve(BenchRuns.TASKS_FILE), String.join("\n", taskSet.names()) + "\n");
    return command;
  }

  private int report(BenchResult result, Path run) {
    ReportWriter.write(result, run);
    System.out.println("goals (" + run.resolve(ReportWriter.MARKDOWN) + "):");
    for (Goals.Goal g : Goals.check(result)) {
      System.out.printf(
          "  %-12s %s: %s (target %s)%n", g.verdict(), g.goal(), g.measured(), g.target());
    }
    result
        .failures()
        .forEach(
            f ->
                System.out.println(
                    "  FAILED " + f.configuration() + " [" + f.stage() + "]: " + f.reason()));
    return 0;
  }

  /** {@code --resume DIR}: the run's own settings and tasks, trainings that finished kept. */
  @Override
  int resume(Path run) throws IOException {
    Path settingsFile = run.resolve("settings.conf");
    Path taskNames = run.resolve(BenchRuns.TASKS_FILE);
    if (!Files.isRegularFile(settingsFile)
        || !Files.isRegularFile(taskNames)
        || !Files.isRegularFile(run.resolve(BenchRuns.COMMAND_FILE))
        || !Files.readString(run.resolve(BenchRuns.COMMAND_FILE)).startsWith("mtc bench")) {
      throw new MtcException(
          "--resume "
              + run
              + " is not a bench run directory with recorded settings (needs "
              + "settings.conf, "
              + BenchRuns.TASKS_FILE
              + " and "
              + BenchRuns.COMMAND_FILE
              + " written by `mtc bench`)");
    }
    List<String> others = IgnoredOptions.of(spec).givenExcept(Set.of("--resume", "--data-dir"));
    if (!others.isEmpty()) {
      throw new MtcException(
          "--resume continues a bench run with the settings it recorded, so "
              + String.join(", ", others)
              + " would do nothing; give no other options than --data-dir (start a new run "
              + "to change settings)");
    }
    Config settings = Settings.load(List.of(settingsFile), ConfigFactory.empty());
    TaskSet taskSet = // the recorded order: settings.conf lists the tasks alphabetically
        TaskSet.from(settings)
            .inOrder(Files.readAllLines(taskNames).stream().filter(l -> !l.isBlank()).toList());
    Path data = sources.dataDirectory(settings);
    Path backboneDir = Path.of(settings.getString("mtc.backbone.directory"));
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    String command =
        Files.readString(run.resolve(BenchRuns.COMMAND_FILE))
            .lines()
            .findFirst()
            .orElse("mtc bench");
    System.err.println("mtc bench: resuming " + run);
    BenchResult result;
    try (BenchProgress progress =
        new BenchProgress(
            System.err, TrainSettings.from(settings).logEvery(), BenchProgress.interactive())) {
      result =
          new Experiment(settings, data, backboneDir, run, engines, progress)
              .resuming(true)
              .run(taskSet, command, BenchRuns.versions(spec, stamp));
      int stages = Experiment.stageCount(taskSet, BenchSettings.from(settings));
      progress.stage(stages, stages, "write the report");
    }
    return report(result, run);
  }
}
