package org.mtc.tasks.data;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mtc.core.MtcException;
import org.mtc.core.settings.Settings;

/**
 * Finds the data directory (the folder with one sub-folder of split files per task). First that is
 * set wins:
 *
 * <ol>
 *   <li>the command line override ({@code --data-dir});
 *   <li>the setting {@code mtc.data-dir} when not null;
 *   <li>the system property {@code mtc.data.dir} (tests set it);
 *   <li>the environment variable {@code MTC_DATA_DIR};
 *   <li>{@code ../shared/data} relative to the working directory, then {@code shared/data} in the
 *       working directory and in its parents up to three levels up, the first that exists.
 * </ol>
 *
 * A source that is set must name an existing directory; nothing found is an error saying how to set
 * one. Stateless and thread-safe.
 */
public final class DataDirectory {
  /** The setting naming the data directory. */
  public static final String SETTING = "mtc.data-dir";

  /** The system property naming the data directory. */
  public static final String PROPERTY = "mtc.data.dir";

  /** The environment variable naming the data directory. */
  public static final String ENV = "MTC_DATA_DIR";

  private DataDirectory() {}

  /** The data directory, absolute and normalised. */
  public static Path resolve(Config settings, Optional<Path> override) {
    return resolve(
        settings,
        override,
        System.getProperty(PROPERTY),
        System.getenv(ENV),
        Path.of("").toAbsolutePath());
  }

  /**
   * {@link #resolve(Config, Optional)} with the property, environment and working directory given.
   */
  static Path resolve(
      Config settings, Optional<Path> override, String property, String env, Path workingDir) {
    if (override.isPresent()) {
      return existing(override.get(), "--data-dir " + override.get());
    }
    if (settings.hasPath(SETTING)) {
      String value = settings.getString(SETTING);
      return existing(
          Path.of(value),
          "setting " + SETTING + " = \"" + value + "\" at " + Settings.where(settings, SETTING));
    }
    if (property != null && !property.isBlank()) {
      return existing(Path.of(property), "system property -D" + PROPERTY + "=" + property);
    }
    if (env != null && !env.isBlank()) {
      return existing(Path.of(env), "environment variable " + ENV + "=" + env);
    }
    List<Path> candidates = new ArrayList<>();
    Path parent = workingDir.getParent();
    if (parent != null) {
      candidates.add(parent.resolve("shared").resolve("data"));
    }
    Path dir = workingDir;
    for (int up = 0; up <= 3 && dir != null; up++, dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("data");
      if (!candidates.contains(candidate)) {
        candidates.add(candidate);
      }
    }
    for (Path candidate : candidates) {
      if (Files.isDirectory(candidate)) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new MtcException(
        "no data directory: pass --data-dir DIR, set "
            + SETTING
            + " = DIR in a settings file, or "
            + "export "
            + ENV
            + "=DIR (DIR holds one folder of train/dev/test files per task); no shared/data folder "
            + "was found next to or above "
            + workingDir);
  }

  private static Path existing(Path dir, String source) {
    if (!Files.isDirectory(dir)) {
      throw new MtcException(
          "data directory "
              + dir.toAbsolutePath().normalize()
              + " (from "
              + source
              + ") does not exist or is not a directory; point it at the folder that holds one folder per task");
    }
    return dir.toAbsolutePath().normalize();
  }
}
