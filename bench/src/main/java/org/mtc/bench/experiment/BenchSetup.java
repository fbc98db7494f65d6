package org.mtc.bench.experiment;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.core.settings.SettingsLayers;

/**
 * How {@code mtc bench} turns its options into settings: presets (HOCON resources {@code
 * bench-<name>.conf}, copied into the run directory so the knobs are visible), settings files and
 * {@code --set} overrides.
 */
public final class BenchSetup {
  public static final List<String> PRESETS = List.of("quick", "standard", "full");

  private BenchSetup() {}

  /** Copies preset {@code name} into {@code dir} and returns the file. */
  public static Path writePreset(String name, Path dir) {
    if (!PRESETS.contains(name)) {
      throw new MtcException("unknown preset '" + name + "'; use one of " + PRESETS + " (or none)");
    }
    String resource = "bench-" + name + ".conf";
    try (InputStream in = BenchSetup.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new MtcException("preset resource " + resource + " is missing from the class path");
      }
      Path out = dir.resolve("preset-" + name + ".conf");
      Files.write(out, in.readAllBytes());
      return out;
    } catch (IOException e) {
      throw new MtcException("could not write the preset into " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Merged settings: {@code overrides} (--set, then command options) over {@code userFiles} (later
   * wins) over the preset over the task set file over every module's reference.conf.
   */
  public static Config load(
      List<Path> userFiles,
      Path preset,
      Path tasksFile,
      Map<String, String> sets,
      Map<String, Object> commandValues) {
    List<Path> lower = new ArrayList<>();
    if (preset != null) {
      lower.add(preset);
    }
    lower.add(tasksFile);
    return SettingsLayers.of(userFiles, sets, commandValues).load(lower);
  }
}
