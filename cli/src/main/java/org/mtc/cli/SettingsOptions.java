package org.mtc.cli;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.engine.OtherEngineSettings;
import org.mtc.core.settings.SettingsLayers;
import picocli.CommandLine.Option;

/**
 * Options every command shares: settings files, single-key overrides and the data directory; the
 * layering itself is {@link SettingsLayers}.
 */
public final class SettingsOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "HOCON settings file (repeatable; later wins).")
  List<Path> configFiles = new ArrayList<>();

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override one setting, e.g. --set mtc.train.batch-size=16 (repeatable).")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Folder of task data (default: mtc.data-dir, $MTC_DATA_DIR, else ../shared/data).")
  Path dataDir;

  /**
   * Merged settings: --set over the given files over extra (command-specific) values over
   * references.
   */
  public Config load(List<Path> extraFiles, Map<String, Object> commandValues) {
    return SettingsLayers.of(configFiles, overrides, commandValues).load(extraFiles);
  }

  /**
   * Only what the user gave: --set, command values, --config files and {@code extraFiles}, without
   * the references (for comparing with the settings a run recorded).
   */
  public Config given(List<Path> extraFiles, Map<String, Object> commandValues) {
    return SettingsLayers.of(configFiles, overrides, commandValues).given(extraFiles);
  }

  /**
   * Warns (one line) when the user gave settings of another engine than {@code engine}, the one the
   * command runs: they do nothing ({@link OtherEngineSettings}).
   */
  void warnOtherEngines(List<Path> extraFiles, Map<String, Object> commandValues, String engine) {
    List<String> keys = OtherEngineSettings.of(given(extraFiles, commandValues), engine);
    if (!keys.isEmpty()) {
      IgnoredOptions.warning(OtherEngineSettings.message(keys, engine));
    }
  }

  /**
   * Warns (one line) that {@code --data-dir}, when given, does nothing for {@code command}, which
   * reads no task data.
   */
  void warnDataDirUnused(String command) {
    if (dataDir != null) {
      IgnoredOptions.warning("--data-dir does nothing for " + command + ": it reads no task data");
    }
  }
}
