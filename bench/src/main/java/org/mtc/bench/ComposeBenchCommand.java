package org.mtc.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mtc.bench.compose.ComposeBench;
import org.mtc.bench.compose.ComposeGoals;
import org.mtc.bench.compose.ComposePlan;
import org.mtc.bench.compose.ComposeReport;
import org.mtc.bench.compose.ComposeResult;
import org.mtc.bench.experiment.BenchProgress;
import org.mtc.bench.experiment.BenchSettings;
import org.mtc.bench.experiment.BenchSetup;
import org.mtc.cli.IgnoredOptions;
import org.mtc.core.MtcException;
import org.mtc.core.engine.Engines;
import org.mtc.core.io.AtomicFiles;
import org.mtc.core.io.ExitCleanup;
import org.mtc.core.io.FileTrees;
import org.mtc.core.settings.Settings;
import org.mtc.core.task.TaskSet;
import org.mtc.tasks.model.TasksConf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mtc bench compose --model M --new-task FILE}: issue 23's benchmark of composing task sets
 * ({@link ComposeBench}): adds the new tasks to M frozen and distilled against joint training from
 * scratch, and merges two models trained on halves of M's tasks, every training on one budget
 * ({@link ComposeBudget}); writes {@code report.md} and {@code report.json} ({@link
 * ComposeReport}).
 */
@Command(
    name = "compose",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark composing task sets (issue 23): add new tasks to a model, frozen and distilled, "
          + "against joint training from scratch; merge two models trained on halves of its tasks. "
          + "Every training gets the same budget (default: the standard preset's)."
    })
final class ComposeBenchCommand extends BenchRunCommand {
  @Spec CommandSpec spec;

  @Inject Engines engines;

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description =
          "The source model: a trained model directory or training run directory (a bench run's "
              + "multitask/). Only read.")
  Path model;

  @Option(
      names = "--new-task",
      paramLabel = "FILE",
      description = "The tasks to add (HOCON task set), e.g. conf/banking77.conf.")
  Path newTask;

  @Option(
      names = "--parts",
      split = ",",
      paramLabel = "add,merge",
      description = "Parts to run (default: both).")
  List<String> parts = new ArrayList<>(List.of(ComposePlan.ADD, ComposePlan.MERGE));

  @Option(
      names = "--backbone",
      paramLabel = "DIR",
      description =
          "Backbone the trainings from scratch start from. Default: the one the source model was "
              + "trained from (its settings.conf), else the embedded MiniLM.")
  Path backbone;

  @Option(
      names = "--engine",
      paramLabel = "NAME",
      description = "Training engine: djl (default), tf.")
  String engine;

  @Option(
      names = "--inference-engine",
      defaultValue = "onnx",
      paramLabel = "NAME",
      description = "Engine that scores the models and runs the memory probes (default onnx).")
  String inferenceEngine;

  @Option(
      names = "--max-test-per-task",
      paramLabel = "N",
      description = "Score on a seeded sample of N test examples per task (default: all).")
  Integer maxTestPerTask;

  @Mixin ComposeBudget budget;

  @Override
  int start() throws IOException {
    if (model == null || newTask == null) {
      throw new MtcException(
          "give the source model and the tasks to add: mtc bench compose --model DIR "
              + "--new-task FILE (e.g. --new-task conf/banking77.conf)");
    }
    Path modelDir = ComposeBudget.modelDirectory(model);
    TasksConf source = TasksConf.read(modelDir.resolve(TasksConf.FILE));
    Config settings = sources.load(null, newTask, Map.of());
    TaskSet added = TaskSet.from(settings);
    ComposeBudget.checkParts(parts, source.names(), added.names());
    Path data = sources.dataDirectory(settings).toAbsolutePath();
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    Path run = sources.runDirectory("compose", stamp).toAbsolutePath();
    Path previous = BenchRuns.setAside(run);
    ComposeResult result;
    try (ExitCleanup stopped = BenchRuns.announceAtExit(run, previous)) {
      String command = BenchRuns.command(spec);
      AtomicFiles.writeString(run.resolve(BenchRuns.COMMAND_FILE), command + "\n");
      AtomicFiles.writeString(
          run.resolve("source-tasks.conf"), ComposeBudget.sourceTasks(modelDir));
      Path newTasks = Files.copy(newTask, run.resolve("new-tasks.conf"));
      BenchSettings bench = BenchSettings.from(settings);
      ComposePlan plan =
          new ComposePlan(
              command,
              modelDir.toAbsolutePath().toString(),
              newTasks.toString(),
              source.names(),
              added.names(),
              parts,
              data.toString(),
              budgetArgs(run),
              scratchArgs(modelDir),
              budget.distillArgs(),
              ComposeBudget.backboneNote(backbone, modelDir),
              inferenceEngine,
              maxTestPerTask == null ? bench.maxTestPerTask() : maxTestPerTask,
              budget.seed(settings),
              bench.bootstrapResamples(),
              bench.memoryTexts());
      plan.write(run);
      System.err.println("mtc bench compose: run directory " + run + " (report.md when done)");
      result = run(plan, run, false, stamp);
    } catch (RuntimeException | Error e) {
      BenchRuns.restore(run, previous);
      throw e;
    }
    if (previous != null) {
      FileTrees.delete(previous);
    }
    return report(result, run);
  }

  /** Writes the budget into {@code run} and returns the options that give it to every training. */
  private List<String> budgetArgs(Path run) {
    Path presetDir = run.resolve("preset");
    Path preset = BenchSetup.writePreset("standard", mkdirs(presetDir));
    Path file = run.resolve("budget.conf");
    AtomicFiles.writeString(file, budget.render(Settings.parseFile(preset)));
    try {
      FileTrees.delete(presetDir);
    } catch (IOException e) {
      // a leftover copy of the preset is harmless
    }
    List<String> args = new ArrayList<>(List.of("--config", file.toString()));
    sources.config.configFiles().forEach(f -> args.addAll(List.of("--config", f.toString())));
    sources.config.overrides().forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
    if (engine != null) {
      args.addAll(List.of("--engine", engine));
    }
    return args;
  }

  private List<String> scratchArgs(Path modelDir) {
    List<String> args = new ArrayList<>();
    ComposeBudget.startingBackbone(backbone, modelDir)
        .ifPresent(b -> args.addAll(List.of("--backbone", b.toAbsolutePath().toString())));
    if (budget.maxLength != null) {
      args.addAll(List.of("--max-length", budget.maxLength.toString()));
    }
    return args;
  }

  private static Path mkdirs(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new MtcException("could not create " + dir + ": " + e.getMessage(), e);
    }
  }

  private ComposeResult run(ComposePlan plan, Path run, boolean resume, String stamp)
      throws IOException {
    Config inference =
        Settings.load(
            List.of(),
            ConfigFactory.empty()
                .withValue(
                    "mtc.backbone.engine", ConfigValueFactory.fromAnyRef(plan.inferenceEngine()))
                .withValue(
                    "mtc.backbone.trainable-layers", ConfigValueFactory.fromAnyRef("frozen")));
    try (BenchProgress progress = new BenchProgress(System.err, 50, BenchProgress.interactive())) {
      ComposeResult result =
          new ComposeBench(plan, run, engines, inference, progress, resume)
              .run(BenchRuns.versions(spec, stamp));
      int stages = ComposeBench.stageCount(plan);
      progress.stage(stages, stages, "write the report");
      return result;
    }
  }

  private int report(ComposeResult result, Path run) {
    ComposeReport.write(result, run);
    System.out.println("goals (" + run.resolve(ComposeReport.NAME + ".md") + "):");
    for (ComposeGoals.Goal g : result.goals()) {
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

  /** {@code --resume DIR}: the recorded plan; finished steps are kept. */
  @Override
  int resume(Path run) throws IOException {
    if (!Files.isRegularFile(run.resolve(ComposePlan.FILE))) {
      throw new MtcException(
          "--resume "
              + run
              + " is not a run directory of mtc bench compose (no "
              + ComposePlan.FILE
              + ")");
    }
    List<String> others = IgnoredOptions.of(spec).givenExcept(Set.of("--resume"));
    if (!others.isEmpty()) {
      throw new MtcException(
          "--resume continues a compose run with the plan it recorded, so "
              + String.join(", ", others)
              + " would do nothing; give no other options (start a new run to change them)");
    }
    Path dir = run.toAbsolutePath();
    ComposePlan plan = ComposePlan.read(dir);
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    System.err.println("mtc bench compose: resuming " + dir);
    return report(run(plan, dir, true, stamp), dir);
  }
}
