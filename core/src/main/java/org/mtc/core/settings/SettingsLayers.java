package org.mtc.core.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.MtcException;

/**
 * The settings a command line gives, as layers, highest first: {@code --set KEY=VALUE} overrides
 * (values parsed by {@link Settings#scalar}), then the command's own option values (skipped when
 * null or already set), then the {@code --config} files (later wins), then lower files the command
 * adds (a task set file, a bench preset; earlier wins), then every module's {@code reference.conf}.
 * The one place that order is written: {@code mtc} commands and {@code mtc bench} both load
 * settings through it. Immutable and thread-safe.
 */
public final class SettingsLayers {
  /** The origin description of the values a command's own options give. */
  public static final String COMMAND_LINE = "command line";

  private final List<Path> configFiles;
  private final Map<String, String> sets;
  private final Map<String, Object> commandValues;

  private SettingsLayers(
      List<Path> configFiles, Map<String, String> sets, Map<String, Object> commandValues) {
    this.configFiles = List.copyOf(configFiles);
    this.sets = Collections.unmodifiableMap(new LinkedHashMap<>(sets));
    this.commandValues = Collections.unmodifiableMap(new LinkedHashMap<>(commandValues));
  }

  /**
   * The layers of one command line.
   *
   * @param configFiles {@code --config} files in the order given (a later file wins)
   * @param sets {@code --set} overrides as typed, in the order given
   * @param commandValues settings the command's options stand for (e.g. {@code mtc.train.epochs}
   *     from {@code --epochs}); null values are left out, {@code --set} wins over them
   */
  public static SettingsLayers of(
      List<Path> configFiles, Map<String, String> sets, Map<String, Object> commandValues) {
    return new SettingsLayers(configFiles, sets, commandValues);
  }

  /**
   * Merged, validated settings: these layers over {@code lowerFiles} (earlier wins) over the
   * references.
   *
   * @throws MtcException naming the file and key of an unknown, misspelt or out-of-range setting
   */
  public Config load(List<Path> lowerFiles) {
    try {
      return Settings.load(files(lowerFiles), commandLine());
    } catch (ConfigException e) {
      throw new MtcException("bad setting: " + e.getMessage(), e);
    }
  }

  /**
   * Only what the user gave, without the references: these layers over {@code lowerFiles},
   * validated (for comparing with the settings a run recorded).
   */
  public Config given(List<Path> lowerFiles) {
    Config user = commandLine();
    for (Path f : files(lowerFiles)) {
      user = user.withFallback(Settings.parseFile(f));
    }
    Settings.validate(user.resolve(), Settings.reference());
    return user.resolve();
  }

  /** The files, highest first: the config files latest first, then {@code lowerFiles} as given. */
  private List<Path> files(List<Path> lowerFiles) {
    List<Path> files = new ArrayList<>(configFiles);
    Collections.reverse(files);
    files.addAll(lowerFiles);
    return files;
  }

  private Config commandLine() {
    Config over = ConfigFactory.empty(COMMAND_LINE);
    for (var e : sets.entrySet()) {
      over =
          over.withValue(
              e.getKey(),
              ConfigValueFactory.fromAnyRef(Settings.scalar(e.getValue()), "--set " + e.getKey()));
    }
    for (var e : commandValues.entrySet()) {
      if (!over.hasPath(e.getKey()) && e.getValue() != null) {
        over =
            over.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue(), COMMAND_LINE));
      }
    }
    return over;
  }
}
