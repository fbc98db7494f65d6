package org.mtc.bench;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.mtc.bench.experiment.BenchSetup;
import org.mtc.serve.ConfigOptions;
import org.mtc.tasks.data.DataDirectory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a bench run writes and where its settings and data come from, shared by {@code mtc bench}
 * and {@code mtc bench backbones} (a picocli mixin): the run directory ({@code --out}, {@code
 * --overwrite}, {@code --resume}), settings files ({@code --config}), single overrides ({@code
 * --set}) and the data folder ({@code --data-dir}). Filled by picocli, then read from one thread.
 */
public final class BenchRunOptions {
  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Run directory. Default: a new one under runs/, "
              + "named after the command and the time.")
  Path out;

  @Option(
      names = "--overwrite",
      description =
          "Replace an existing bench run directory (it is restored if the new run fails).")
  boolean overwrite;

  @Option(
      names = "--resume",
      paramLabel = "DIR",
      description =
          "Continue an interrupted run in DIR with the "
              + "settings it recorded: finished trainings are kept, the one that was running continues from its checkpoint, "
              + "and the report is written as an uninterrupted run would write it.")
  Path resume;

  @Mixin ConfigOptions config;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder of task data.")
  Path dataDir;

  /**
   * The run directory: {@code --out}, else {@code runs/<name>-<stamp>}; checked to be new, or an
   * old bench run that {@code --overwrite} may replace.
   */
  Path runDirectory(String name, String stamp) throws IOException {
    Path run = out != null ? out : Path.of("runs", name + "-" + stamp);
    BenchRuns.checkOutput(run, overwrite);
    return run;
  }

  /**
   * The merged settings: these options and the command's values over the preset over the task set
   * file.
   */
  Config load(Path presetFile, Path tasksFile, Map<String, Object> commandValues) {
    return BenchSetup.load(
        config.configFiles(), presetFile, tasksFile, config.overrides(), commandValues);
  }

  /** The data folder: {@code --data-dir}, else the settings' rule. */
  Path dataDirectory(Config settings) {
    return DataDirectory.resolve(settings, Optional.ofNullable(dataDir));
  }
}
