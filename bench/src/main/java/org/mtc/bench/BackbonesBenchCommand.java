package org.mtc.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.mtc.bench.backbones.BackboneRow;
import org.mtc.bench.backbones.BackbonesBench;
import org.mtc.bench.backbones.BackbonesReport;
import org.mtc.bench.backbones.Leaderboard;
import org.mtc.bench.experiment.BenchProgress;
import org.mtc.bench.experiment.BenchSettings;
import org.mtc.bench.experiment.BenchSetup;
import org.mtc.cli.IgnoredOptions;
import org.mtc.cli.TaskChoiceOption;
import org.mtc.core.MtcException;
import org.mtc.core.engine.Engines;
import org.mtc.core.engine.Importers;
import org.mtc.core.io.AtomicFiles;
import org.mtc.core.io.ExitCleanup;
import org.mtc.core.io.FileTrees;
import org.mtc.core.settings.Settings;
import org.mtc.core.task.TaskSet;
import org.mtc.library.BackboneCache;
import org.mtc.tasks.data.TaskDataLoader;
import org.mtc.tasks.train.TrainSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mtc bench backbones --backbones minilm,e5-small,...}: trains one multitask model per
 * backbone with the same budget and seed ({@link BackbonesBench}) and ranks them in {@code
 * backbones.md}, {@code backbones.json}, a leaderboard chart and an accuracy/speed/memory chart.
 */
@Command(
    name = "backbones",
    mixinStandardHelpOptions = true,
    description = {
      "Rank backbones on a task set: one multitask model per backbone, the same budget and seed;",
      "test accuracy per task, parameters, training examples/s, texts/s and peak RSS (on the onnx engine)."
    })
final class BackbonesBenchCommand extends BenchRunCommand {
  private static final String BACKBONES_FILE = "backbones.txt";
  @Spec CommandSpec spec;

  @Inject Engines engines;

  @Inject Importers importers;

  @Inject BackboneCache cache;

  @Option(
      names = "--backbones",
      split = ",",
      paramLabel = "NAME|DIR",
      description =
          "Backbones to rank, in "
              + "order: names `mtc import --list` shows (imported into the cache on first use) or backbone directories. "
              + "The first one with scores is the baseline the others are compared with.")
  List<String> backbones = new ArrayList<>();

  @Option(
      names = "--preset",
      defaultValue = "quick",
      paramLabel = "quick|standard|full|none",
      description = "Budget preset, as for `mtc bench` (default quick).")
  String preset;

  @Option(
      names = "--tasks",
      paramLabel = "FILE",
      description = "Task set (HOCON). Default: conf/dream9.conf.")
  Path tasksFile;

  @Mixin TaskChoiceOption only;

  @Option(
      names = "--single",
      description = "Also train one single-task model per task and backbone, and compare.")
  boolean single;

  @Option(
      names = "--engine",
      paramLabel = "NAME",
      description = "Training engine: djl (default), tf.")
  String engine;

  @Option(
      names = "--inference-engine",
      defaultValue = "onnx",
      paramLabel = "NAME",
      description = "Engine that scores, times and probes the trained models (default onnx).")
  String inferenceEngine;

  @Override
  int start() throws IOException {
    if (backbones.isEmpty()) {
      throw new MtcException(
          "--backbones is required: a comma-separated list of backbone names or directories, "
              + "e.g. --backbones minilm,e5-small,bge-small (`mtc import --list` shows the names)");
    }
    Path tasks = tasksFile != null ? tasksFile : BenchRuns.defaultTasks();
    String stamp = stamp();
    Path run = sources.runDirectory("backbones", stamp);
    Path presetDir = Files.createTempDirectory("mtc-preset-");
    try {
      Path presetFile = preset.equals("none") ? null : BenchSetup.writePreset(preset, presetDir);
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("mtc.backbone.engine", engine);
      values.put("mtc.bench.single-task", single);
      values.put("mtc.bench.inference-engine", inferenceEngine);
      Config settings = sources.load(presetFile, tasks, values);
      TaskSet taskSet = select(TaskSet.from(settings));
      Path data = checkedData(settings, taskSet);
      checkNames(backbones);
      Path previous = BenchRuns.setAside(run);
      try (ExitCleanup stopped = BenchRuns.announceAtExit(run, previous)) {
        if (presetFile != null) {
          Files.copy(presetFile, run.resolve(presetFile.getFileName()));
        }
        String command = BenchRuns.command(spec);
        AtomicFiles.writeString(run.resolve(BenchRuns.COMMAND_FILE), command + "\n");
        AtomicFiles.writeString(
            run.resolve(BenchRuns.TASKS_FILE), String.join("\n", taskSet.names()) + "\n");
        AtomicFiles.writeString(run.resolve(BACKBONES_FILE), String.join("\n", backbones) + "\n");
        AtomicFiles.writeString(run.resolve("settings.conf"), render(settings));
        int code = measure(settings, data, run, taskSet, backbones, command, stamp, false);
        if (previous != null) {
          FileTrees.delete(previous);
        }
        return code;
      } catch (RuntimeException | Error e) {
        BenchRuns.restore(run, previous);
        throw e;
      }
    } finally {
      FileTrees.delete(presetDir);
    }
  }

  private int measure(
      Config settings,
      Path data,
      Path run,
      TaskSet taskSet,
      List<String> names,
      String command,
      String stamp,
      boolean resuming) {
    System.err.println(
        "mtc bench backbones: run directory "
            + run
            + " ("
            + BackbonesReport.MARKDOWN
            + " when done)");
    Function<String, Path> resolver =
        name ->
            isDirectory(name)
                ? Path.of(name)
                : cache.resolve(
                    name, settings, notice -> System.err.println("mtc bench backbones: " + notice));
    Leaderboard board;
    try (BenchProgress progress =
        new BenchProgress(
            System.err, TrainSettings.from(settings).logEvery(), BenchProgress.interactive())) {
      board =
          new BackbonesBench(settings, data, run, engines, progress, resolver)
              .run(names, taskSet, command, BenchRuns.versions(spec, stamp), resuming);
    }
    System.out.println("leaderboard (" + run.resolve(BackbonesReport.MARKDOWN) + "):");
    for (BackboneRow r : board.ranked()) {
      System.out.println(
          r.ok()
              ? String.format(
                  Locale.ROOT,
                  "  %-14s mean accuracy %.2f%%  %s texts/s",
                  r.backbone(),
                  100 * r.meanAccuracy(),
                  Double.isNaN(r.textsPerSecond())
                      ? "?"
                      : String.format(Locale.ROOT, "%.1f", r.textsPerSecond()))
              : "  " + r.backbone() + ": FAILED " + r.failure());
    }
    return board.rows().stream().anyMatch(BackboneRow::ok) ? 0 : 1;
  }

  @Override
  int resume(Path run) throws IOException {
    for (String f :
        List.of(BenchRuns.COMMAND_FILE, BenchRuns.TASKS_FILE, BACKBONES_FILE, "settings.conf")) {
      if (!Files.isRegularFile(run.resolve(f))) {
        throw new MtcException(
            "--resume " + run + " is not a `mtc bench backbones` run directory (no " + f + ")");
      }
    }
    List<String> others =
        IgnoredOptions.of(spec).givenExcept(Set.of("--resume", "--data-dir", "--backbones"));
    if (!others.isEmpty()) {
      throw new MtcException(
          "--resume continues a run with the settings it recorded, so "
              + String.join(", ", others)
              + " would do nothing; give no other options than --data-dir and --backbones (start a new run to change "
              + "settings)");
    }
    Config settings = Settings.load(List.of(run.resolve("settings.conf")), ConfigFactory.empty());
    TaskSet taskSet = TaskSet.from(settings).inOrder(lines(run.resolve(BenchRuns.TASKS_FILE)));
    String command = lines(run.resolve(BenchRuns.COMMAND_FILE)).get(0);
    List<String> names = lines(run.resolve(BACKBONES_FILE));
    Path data = checkedData(settings, taskSet);
    if (!backbones.isEmpty() && !backbones.equals(names)) {
      names = extended(run, names);
      command = BenchRuns.command(spec);
      Files.writeString(
          run.resolve(BenchRuns.COMMAND_FILE), command + "\n", StandardOpenOption.APPEND);
      AtomicFiles.writeString(run.resolve(BACKBONES_FILE), String.join("\n", names) + "\n");
    }
    System.err.println("mtc bench backbones: resuming " + run);
    return measure(settings, data, run, taskSet, names, command, stamp(), true);
  }

  /**
   * The backbones of a resumed run given {@code --backbones}: every recorded one must still be
   * named (a finished row is never dropped by a resume), new ones are added with the run's recorded
   * settings, and the order given wins.
   */
  private List<String> extended(Path run, List<String> recorded) {
    List<String> missing = recorded.stream().filter(b -> !backbones.contains(b)).toList();
    if (!missing.isEmpty()) {
      throw new MtcException(
          "--resume "
              + run
              + " --backbones "
              + String.join(",", backbones)
              + " leaves out "
              + String.join(", ", missing)
              + ", which the run records; a resume may add backbones but not drop them "
              + "(give --backbones "
              + String.join(",", recorded)
              + ",NEW... or start a new run)");
    }
    checkNames(backbones);
    System.err.println(
        "mtc bench backbones: adding "
            + String.join(", ", backbones.stream().filter(b -> !recorded.contains(b)).toList())
            + " to "
            + run
            + " (same settings, budget and seed)");
    return List.copyOf(backbones);
  }

  /**
   * Fails before anything is trained on an unknown name, a missing directory or a name given twice.
   */
  private void checkNames(List<String> names) {
    for (String b : names) {
      if (!isDirectory(b)) {
        importers.find(b); // an unknown name fails here, with the known ones
      } else if (!Files.isDirectory(Path.of(b))) {
        throw new MtcException(
            "--backbones: "
                + b
                + " is neither a backbone name nor an existing directory; "
                + "names: "
                + String.join(", ", importers.names())
                + " (`mtc import --list`)");
      }
    }
    if (new LinkedHashSet<>(names).size() != names.size()) {
      throw new MtcException("--backbones " + String.join(",", names) + " names a backbone twice");
    }
  }

  /**
   * A backbone given as a directory rather than a name (it has a path separator or exists as a
   * directory).
   */
  private static boolean isDirectory(String backbone) {
    return backbone.contains("/") || Files.isDirectory(Path.of(backbone));
  }

  private TaskSet select(TaskSet all) {
    return only.select(all);
  }

  private Path checkedData(Config settings, TaskSet taskSet) {
    Path data = sources.dataDirectory(settings);
    taskSet.tasks().forEach(t -> TaskDataLoader.files(t, data, Set.of("train", "test")));
    TrainSettings.from(settings);
    BenchSettings.from(settings);
    return data;
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
  }

  private static String stamp() {
    return DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
        .withZone(ZoneOffset.UTC)
        .format(Instant.now());
  }

  private static String render(Config settings) {
    return settings
        .getConfig("mtc")
        .atKey("mtc")
        .root()
        .render(ConfigRenderOptions.defaults().setOriginComments(false));
  }
}
