package org.mtc.serve;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.settings.SettingsLayers;
import picocli.CommandLine.Option;

/**
 * Settings files ({@code --config}) and single overrides ({@code --set}) of {@code mtc serve} and
 * {@code mtc bench} (a picocli mixin); the layering itself is {@link SettingsLayers}. Filled by
 * picocli, then read from one thread.
 */
public final class ConfigOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "HOCON settings file (repeatable; later wins).")
  List<Path> configFiles = new ArrayList<>();

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override one setting (repeatable).")
  Map<String, String> overrides = new LinkedHashMap<>();

  /** The given {@code --config} files, in order (later wins). */
  public List<Path> configFiles() {
    return List.copyOf(configFiles);
  }

  /** The given {@code --set} overrides, in order. */
  public Map<String, String> overrides() {
    return new LinkedHashMap<>(overrides);
  }

  /** The layers: {@code --set} over the files over the command's {@code values}. */
  public SettingsLayers layers(Map<String, Object> values) {
    return SettingsLayers.of(configFiles, overrides, values);
  }
}
