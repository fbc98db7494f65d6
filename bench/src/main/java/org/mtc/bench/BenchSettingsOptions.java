package org.mtc.bench;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mtc.bench.experiment.BenchSetup;
import org.mtc.tasks.data.DataDirectory;
import picocli.CommandLine.Option;

/**
 * Where a bench run's settings and data come from, shared by {@code mtc bench} and {@code mtc bench backbones} (a
 * picocli mixin): settings files ({@code --config}), single overrides ({@code --set}) and the data folder
 * ({@code --data-dir}). Filled by picocli, then read from one thread.
 */
public final class BenchSettingsOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "HOCON settings file (repeatable; later wins).")
  List<Path> configFiles = new ArrayList<>();

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting (repeatable).")
  Map<String, String> sets = new LinkedHashMap<>();

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder of task data.")
  Path dataDir;

  /** Whether {@code --config} or {@code --set} was given (a resumed run refuses them). */
  boolean anySettingGiven() {
    return !configFiles.isEmpty() || !sets.isEmpty();
  }

  /** The merged settings: these options and the command's values over the preset over the task set file. */
  Config load(Path presetFile, Path tasksFile, Map<String, Object> commandValues) {
    return BenchSetup.load(configFiles, presetFile, tasksFile, sets, commandValues);
  }

  /** The data folder: {@code --data-dir}, else the settings' rule. */
  Path dataDirectory(Config settings) {
    return DataDirectory.resolve(settings, Optional.ofNullable(dataDir));
  }
}
