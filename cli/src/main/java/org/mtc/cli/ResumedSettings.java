package org.mtc.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.mtc.core.MtcException;
import org.mtc.core.settings.Settings;
import org.mtc.core.settings.SettingsLayers;

/**
 * The settings of a resumed run: those the run recorded ({@code settings.conf}), with the settings
 * given on the resuming command line checked against them. A resumed run must continue the same
 * computation, so a given setting that differs from the recorded one is an error naming the
 * setting, the option that gives it and both values; only settings that do not change the result
 * ({@link #MAY_CHANGE}: the time budget, logging, thread counts, the data and cache folders) may
 * differ and then apply. The backbone directory is compared as a real path (the same directory
 * spelt another way is the same). Stateless.
 */
final class ResumedSettings {
  /** Settings a resumed run may change. */
  static final Set<String> MAY_CHANGE =
      Set.of(
          "mtc.train.max-time",
          "mtc.train.log-every",
          "mtc.train.checkpoint-every",
          "mtc.backbone.djl.threads",
          "mtc.backbone.tf.threads",
          "mtc.backbone.onnx.intra-op-threads",
          "mtc.backbone.onnx.inter-op-threads",
          "mtc.data-dir",
          "mtc.cache-dir");

  /** The backbone directory, compared as a real path. */
  static final String BACKBONE_DIRECTORY = "mtc.backbone.directory";

  private ResumedSettings() {}

  /**
   * @param runSettings the run's {@code settings.conf}
   * @param given the settings given now (command-line flags, --set, --config, --tasks), without
   *     references
   * @param options the command-line option of each setting that has one (e.g. {@code
   *     mtc.train.epochs} to {@code --epochs}), named in the error beside the setting
   * @param tasksFile the task set file given ({@code --tasks}), whose tasks must be the recorded
   *     ones; null when none was
   */
  static Config merge(Path runSettings, Config given, Map<String, String> options, Path tasksFile) {
    Config recorded = Settings.load(List.of(runSettings), ConfigFactory.empty());
    List<String> problems = new ArrayList<>();
    Config allowed = ConfigFactory.empty();
    for (Map.Entry<String, ConfigValue> e : given.entrySet()) {
      String key = e.getKey();
      if (MAY_CHANGE.contains(key)) {
        allowed = allowed.withValue(key, e.getValue());
        continue;
      }
      Object now = e.getValue().unwrapped();
      Object then = recordedValue(recorded, key);
      if (!(key.equals(BACKBONE_DIRECTORY) ? sameDirectory(now, then) : same(now, then))) {
        problems.add(
            key
                + " ("
                + source(e.getValue(), option(options, key))
                + ") is "
                + now
                + " now but was "
                + then
                + " in "
                + runSettings);
      }
    }
    if (tasksFile != null) { // a whole task set: it must hold the recorded tasks and no others
      Set<String> tasksNow = taskNames(Settings.parseFile(tasksFile));
      Set<String> tasksThen = taskNames(recorded);
      if (!tasksNow.equals(tasksThen)) {
        problems.add(
            "the task set "
                + tasksFile
                + " (--tasks) has tasks "
                + String.join(", ", tasksNow)
                + " but the run's had "
                + String.join(", ", tasksThen)
                + " ("
                + runSettings
                + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new MtcException(
          "cannot resume: "
              + String.join("; ", problems)
              + ". A resumed run continues the "
              + "same training, so give no setting or give the run's own; to train with other settings, start a new "
              + "run (another --out, or --overwrite)");
    }
    return allowed.withFallback(recorded).resolve();
  }

  /**
   * Refuses {@code --only} naming other tasks than those the run trains (in any order).
   *
   * @param only the tasks {@code --only} names, empty when it was not given
   * @param trained the tasks of the run's checkpoint
   * @param where the file {@code trained} comes from, for the message
   */
  static void checkTasks(List<String> only, List<String> trained, Path where) {
    if (!only.isEmpty() && !new LinkedHashSet<>(only).equals(new LinkedHashSet<>(trained))) {
      throw new MtcException(
          "cannot resume: --only "
              + String.join(",", only)
              + " but the run trains "
              + String.join(",", trained)
              + " ("
              + where
              + "). A resumed run continues the same tasks: give --only "
              + String.join(",", trained)
              + " or no --only; to train other tasks, start a new run (another --out, or "
              + "--overwrite)");
    }
  }

  /**
   * Where a given value comes from: its option when a command-line option gave it, else its file
   * and line.
   */
  private static String source(ConfigValue value, String option) {
    String where = Settings.where(value.origin());
    return option != null && where.equals(SettingsLayers.COMMAND_LINE) ? option : where;
  }

  /**
   * The option that gives {@code key}: its own, or that of the object it is an entry of ({@code
   * --teachers} gives each {@code mtc.train.distill.teachers.TASK}); null when none does.
   */
  private static String option(Map<String, String> options, String key) {
    for (String k = key; ; k = k.substring(0, k.lastIndexOf('.'))) {
      if (options.containsKey(k)) {
        return options.get(k);
      }
      if (k.lastIndexOf('.') < 0) {
        return null;
      }
    }
  }

  /**
   * The recorded value of {@code key}, null when none; a task key the run left out has its task
   * default.
   */
  private static Object recordedValue(Config recorded, String key) {
    List<String> parts = ConfigUtil.splitPath(key);
    String path =
        !recorded.hasPathOrNull(key) && parts.size() == 4 && key.startsWith("mtc.tasks.")
            ? "mtc.task-defaults." + ConfigUtil.quoteString(parts.get(3))
            : key;
    return recorded.hasPathOrNull(path) && !recorded.getIsNull(path)
        ? recorded.getValue(path).unwrapped()
        : null;
  }

  /** The names of the tasks under {@code mtc.tasks}, sorted; empty when there is none. */
  private static Set<String> taskNames(Config settings) {
    return settings.hasPath("mtc.tasks")
        ? new TreeSet<>(settings.getObject("mtc.tasks").keySet())
        : Set.of();
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    return Objects.equals(a, b);
  }

  /**
   * Whether two directory settings name the same directory (links and relative spellings resolved).
   */
  private static boolean sameDirectory(Object a, Object b) {
    return a instanceof String x && b instanceof String y && realPath(x).equals(realPath(y));
  }

  private static Path realPath(String dir) {
    Path p = Path.of(dir);
    try {
      return Files.exists(p) ? p.toRealPath() : p.toAbsolutePath().normalize();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }
}
