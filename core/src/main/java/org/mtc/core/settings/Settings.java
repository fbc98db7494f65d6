package org.mtc.core.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.mtc.core.MtcException;
import org.mtc.core.io.LineEnds;
import org.mtc.core.task.TaskDeclarations;

/**
 * Loads mtc settings: user files (HOCON) layered over every module's {@code reference.conf}, with
 * strict checking. A key that no reference declares (every key starts with {@code mtc.}) is an
 * error naming the file:line of the key and the closest known keys; a numeric value outside its
 * declared range ({@link SettingRanges}) is an error too; keys of a task entry ({@code
 * mtc.tasks.NAME.KEY}) are checked against {@code mtc.task-defaults}, which every task entry is
 * merged over. Stateless and thread-safe.
 */
public final class Settings {
  /** Subtrees whose children are user-chosen names rather than fixed keys. */
  private static final String TASKS = "mtc.tasks";

  private static final String TASK_DEFAULTS = "mtc.task-defaults";

  private Settings() {}

  /**
   * The merged reference settings of every module on the classpath ({@code reference.conf}
   * resources), parsed afresh; Typesafe Config's global caches are left alone, so an application's
   * own configuration is unaffected.
   */
  public static Config reference() {
    return ConfigFactory.parseResources(Settings.class.getClassLoader(), "reference.conf")
        .resolve();
  }

  /**
   * Parses {@code files} (later files win), then {@code overrides} (winning over all), over the
   * references, and validates every user key.
   */
  public static Config load(List<Path> files, Config overrides) {
    Config reference = reference();
    Config user = overrides;
    for (Path f : files) {
      user = user.withFallback(parseFile(f));
    }
    user = user.resolve();
    validate(user, reference);
    Config merged = user.withFallback(reference).resolve();
    SettingRanges.check(merged);
    return merged;
  }

  /**
   * Layers {@code overrides} over settings that {@link #load} already merged and checked, checking
   * the overrides as {@code load} checks a user layer (unknown keys, ranges), without merging the
   * references again.
   *
   * @param merged what {@link #load} (or {@link SettingsLayers#load}) returned
   */
  public static Config over(Config merged, Config overrides) {
    if (overrides.isEmpty()) {
      return merged;
    }
    Config user = overrides.resolve();
    validate(user, reference());
    Config out = user.withFallback(merged).resolve();
    SettingRanges.check(out);
    return out;
  }

  /**
   * Parses one user settings file (HOCON).
   *
   * @throws MtcException naming the file when it is missing, a directory, has CR-only line ends or
   *     does not parse
   */
  public static Config parseFile(Path file) {
    if (Files.isDirectory(file)) {
      throw new MtcException(
          file
              + " is a directory, not a settings file; pass a HOCON .conf file (e.g. "
              + "conf/dream9.conf)");
    }
    if (!Files.isRegularFile(file)) {
      throw new MtcException("settings file " + file + " does not exist");
    }
    LineEnds.requireNoLoneCarriageReturn(file);
    try {
      Config parsed =
          ConfigFactory.parseFile(
              file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      TaskDeclarations.checkEachOnce(file);
      return parsed;
    } catch (ConfigException e) {
      throw new MtcException("could not parse settings file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Fails on the first user keys under {@code mtc} that the reference does not know, listing all of
   * them.
   */
  public static void validate(Config user, Config reference) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
      String path = e.getKey();
      if (!path.startsWith("mtc.")) {
        String withPrefix = "mtc." + path;
        problems.add(
            where(e.getValue().origin())
                + ": unknown setting '"
                + path
                + "': every mtc setting starts "
                + "with 'mtc.'"
                + (reference.hasPathOrNull(withPrefix)
                    ? "; did you mean '" + withPrefix + "'?"
                    : DidYouMean.suggest(withPrefix, leafKeys(reference, ""))));
        continue;
      }
      List<String> parts = ConfigUtil.splitPath(path);
      String known;
      String key;
      Config scope;
      if (path.startsWith(TASKS + ".") && parts.size() >= 3) {
        key = ConfigUtil.joinPath(parts.subList(3, parts.size()));
        scope = reference.getConfig(TASK_DEFAULTS);
        known = TASK_DEFAULTS;
        if (key.isEmpty()
            || scope.hasPathOrNull(key)
            || scope.hasPathOrNull(parts.get(3)) && isOpenMap(scope, parts.get(3))) {
          continue;
        }
        if (parts.size() == 3) {
          problems.add(
              where(e.getValue().origin())
                  + ": task '"
                  + parts.get(2)
                  + "' must be an object "
                  + "{ data = ..., kind = ... }, not a single value");
          continue;
        }
      } else {
        if (reference.hasPathOrNull(path) || underOpenMap(reference, parts)) {
          continue;
        }
        key = path;
        scope = reference;
        known = "";
      }
      problems.add(
          where(e.getValue().origin())
              + ": unknown setting '"
              + path
              + "'"
              + DidYouMean.suggest(key, leafKeys(scope, known))
              + (known.isEmpty() ? "" : " (task keys are those of " + known + ")"));
    }
    if (!problems.isEmpty()) {
      throw new MtcException(String.join("\n", problems));
    }
  }

  private static boolean isOpenMap(Config scope, String key) {
    return scope.getIsNull(key) || scope.getValue(key).valueType() == ConfigValueType.OBJECT;
  }

  /**
   * A reference value that is an object with no children ({@code {}}) accepts any keys below it.
   */
  private static boolean underOpenMap(Config reference, List<String> parts) {
    for (int i = parts.size() - 1; i > 0; i--) {
      String prefix = ConfigUtil.joinPath(parts.subList(0, i));
      if (reference.hasPath(prefix)) {
        ConfigValue v = reference.getValue(prefix);
        return v.valueType() == ConfigValueType.OBJECT && reference.getConfig(prefix).isEmpty();
      }
    }
    return false;
  }

  private static Set<String> leafKeys(Config scope, String ignored) {
    Set<String> keys = new TreeSet<>();
    for (var e : scope.entrySet()) {
      keys.add(e.getKey());
    }
    return keys;
  }

  /** {@code file:line} (or the origin description) of a value, for messages. */
  public static String where(ConfigOrigin origin) {
    if (origin == null) {
      return "settings";
    }
    String name =
        origin.filename() != null
            ? origin.filename()
            : origin.resource() != null ? origin.resource() : origin.description();
    return origin.lineNumber() > 0 ? name + ":" + origin.lineNumber() : name;
  }

  /** {@code file:line} of the setting at {@code path}, or the path itself when it has no origin. */
  public static String where(Config config, String path) {
    return config.hasPath(path) ? where(config.getValue(path).origin()) + " (" + path + ")" : path;
  }

  /**
   * The value of a {@code --set KEY=VALUE} as HOCON would read it unquoted: {@code true}/{@code
   * false}, an integer, a decimal, {@code null} (the setting's "none"), else the text itself.
   */
  public static Object scalar(String v) {
    if (v.equals("null")) {
      return null;
    }
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException ignored) {
      // not an integer
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException ignored) {
      return v;
    }
  }
}
