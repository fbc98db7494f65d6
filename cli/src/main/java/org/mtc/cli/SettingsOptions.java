package org.mtc.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.core.settings.Settings;
import picocli.CommandLine.Option;

/** Options every command shares: settings files, single-key overrides and the data directory. */
public final class SettingsOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "HOCON settings file (repeatable; later wins).")
  List<Path> configFiles = new ArrayList<>();

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override one setting, e.g. --set mtc.train.batch-size=16 (repeatable).")
  Map<String, String> overrides = new java.util.LinkedHashMap<>();

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Folder of task data (default: mtc.data-dir, $MTC_DATA_DIR, else ../shared/data).")
  Path dataDir;

  /** Merged settings: --set over the given files over extra (command-specific) values over references. */
  public Config load(List<Path> extraFiles, Map<String, Object> commandValues) {
    List<Path> files = new ArrayList<>(configFiles);
    java.util.Collections.reverse(files);
    List<Path> all = new ArrayList<>(files);
    all.addAll(extraFiles);
    try {
      return Settings.load(all, commandLineLayer(commandValues));
    } catch (com.typesafe.config.ConfigException e) {
      throw new MtcException("bad setting: " + e.getMessage(), e);
    }
  }

  /**
   * Only what the user gave: --set, command values, --config files and {@code extraFiles}, without the
   * references (for comparing with the settings a run recorded).
   */
  public Config given(List<Path> extraFiles, Map<String, Object> commandValues) {
    Config user = commandLineLayer(commandValues);
    List<Path> files = new ArrayList<>(configFiles);
    java.util.Collections.reverse(files);
    files.addAll(extraFiles);
    for (Path f : files) {
      user = user.withFallback(Settings.parseFile(f));
    }
    Settings.validate(user.resolve(), Settings.reference());
    return user.resolve();
  }

  private Config commandLineLayer(Map<String, Object> commandValues) {
    Config over = ConfigFactory.empty("command line");
    for (var e : overrides.entrySet()) {
      over = over.withValue(e.getKey(),
          ConfigValueFactory.fromAnyRef(org.mtc.core.settings.Settings.scalar(e.getValue()), "--set " + e.getKey()));
    }
    for (var e : commandValues.entrySet()) {
      if (!over.hasPath(e.getKey()) && e.getValue() != null) {
        over = over.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue(), "command line"));
      }
    }
    return over;
  }
}
