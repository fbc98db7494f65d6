package org.mtc.bench.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.core.settings.Settings;
import org.mtc.onnx.importer.MiniLmImporter;

/**
 * How {@code mtc bench} turns its options into settings: presets (HOCON resources {@code bench-<name>.conf},
 * copied into the run directory so the knobs are visible), settings files, {@code --set} overrides, and the
 * default backbone (the embedded all-MiniLM-L6-v2 in the cache directory, the same rule as the other commands).
 */
public final class BenchSetup {
  public static final List<String> PRESETS = List.of("quick", "standard", "full");

  private BenchSetup() {
  }

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
   * Merged settings: {@code overrides} (--set, then command options) over {@code userFiles} (later wins) over the
   * preset over the task set file over every module's reference.conf.
   */
  public static Config load(List<Path> userFiles, Path preset, Path tasksFile, Map<String, String> sets,
      Map<String, Object> commandValues) {
    Config over = ConfigFactory.empty("command line");
    for (var e : sets.entrySet()) {
      over = over.withValue(e.getKey(),
          ConfigValueFactory.fromAnyRef(org.mtc.core.settings.Settings.scalar(e.getValue()), "--set " + e.getKey()));
    }
    for (var e : commandValues.entrySet()) {
      if (!over.hasPath(e.getKey()) && e.getValue() != null) {
        over = over.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue(), "command line"));
      }
    }
    List<Path> files = new ArrayList<>(userFiles);
    Collections.reverse(files);
    if (preset != null) {
      files.add(preset);
    }
    files.add(tasksFile);
    try {
      return Settings.load(files, over);
    } catch (com.typesafe.config.ConfigException e) {
      throw new MtcException("bad setting: " + e.getMessage(), e);
    }
  }

  /** The backbone directory: the given one, else mtc.backbone.directory, else the embedded MiniLM (imported once). */
  public static Path backbone(Path option, Config settings) {
    if (option != null) {
      return option;
    }
    if (!settings.getIsNull("mtc.backbone.directory")) {
      return Path.of(settings.getString("mtc.backbone.directory"));
    }
    Path cache;
    if (!settings.getIsNull("mtc.cache-dir")) {
      cache = Path.of(settings.getString("mtc.cache-dir"));
    } else if (System.getenv("MTC_CACHE_DIR") != null && !System.getenv("MTC_CACHE_DIR").isBlank()) {
      cache = Path.of(System.getenv("MTC_CACHE_DIR"));
    } else {
      cache = Path.of(System.getProperty("user.home"), ".cache", "mtc");
    }
    return MiniLmImporter.defaultBackbone(cache);
  }
}
