package org.mtc.tasks.distill;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.core.settings.Settings;

/**
 * The distillation settings of a run, read from {@code mtc.train.distill} (tasks module
 * reference.conf). Immutable and thread-safe.
 *
 * @param teachers the teacher of each task that has one, by task name, in the order given: a
 *     trained model directory or an exported {@code .onnx}; empty: no distillation
 * @param schedule how the gold label's weight λ moves over the run
 * @param goldWeight λ of {@link GoldWeightSchedule#CONSTANT}, in {@code [0, 1]}
 * @param temperature softens the teachers' distributions ({@link
 *     org.mtc.core.TaskKind#teacherTarget}), in {@code (0, 100]}
 * @param engine the engine the teachers predict on
 */
public record DistillSettings(
    Map<String, Path> teachers,
    GoldWeightSchedule schedule,
    double goldWeight,
    double temperature,
    String engine) {
  static final String KEY = "mtc.train.distill";

  public DistillSettings {
    teachers = Collections.unmodifiableMap(new LinkedHashMap<>(teachers));
    if (!(goldWeight >= 0 && goldWeight <= 1)) {
      throw new MtcException(KEY + ".gold-weight must be in [0, 1], got " + goldWeight);
    }
    if (!(temperature > 0 && temperature <= 100)) {
      throw new MtcException(KEY + ".temperature must be in (0, 100], got " + temperature);
    }
  }

  /** No teachers: every task trains on its gold labels. */
  public static DistillSettings none() {
    return new DistillSettings(Map.of(), GoldWeightSchedule.ANNEAL, 0.5, 1, "onnx");
  }

  /** Whether any task has a teacher. */
  public boolean enabled() {
    return !teachers.isEmpty();
  }

  /** λ, the gold label's weight, at the 1-based {@code step} of {@code totalSteps}. */
  public double goldWeight(long step, long totalSteps) {
    return schedule.goldWeight(step, totalSteps, goldWeight);
  }

  /**
   * Reads merged settings. Each teacher must exist (a directory, or a {@code .onnx} file); values
   * out of range are refused naming the file and line.
   */
  public static DistillSettings from(Config settings) {
    try {
      double gold = settings.getDouble(KEY + ".gold-weight");
      if (!(gold >= 0 && gold <= 1)) {
        throw outOfRange(
            settings, "gold-weight", "in [0, 1] (1: gold labels only, 0: teachers only)");
      }
      double t = settings.getDouble(KEY + ".temperature");
      if (!(t > 0 && t <= 100)) {
        throw outOfRange(settings, "temperature", "in (0, 100] (1 keeps the teachers' outputs)");
      }
      return new DistillSettings(
          teachers(settings),
          GoldWeightSchedule.parse(
              settings.getString(KEY + ".schedule"), Settings.where(settings, KEY + ".schedule")),
          gold,
          t,
          settings.getString(KEY + ".engine"));
    } catch (ConfigException e) {
      throw new MtcException("bad distillation setting: " + e.getMessage(), e);
    }
  }

  private static Map<String, Path> teachers(Config settings) {
    Map<String, Path> out = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : settings.getObject(KEY + ".teachers").entrySet()) {
      String where = Settings.where(e.getValue().origin());
      if (e.getValue().valueType() != ConfigValueType.STRING) {
        throw new MtcException(
            where
                + ": "
                + KEY
                + ".teachers."
                + e.getKey()
                + " must be the path of a trained model "
                + "directory or an exported .onnx, got "
                + e.getValue().render());
      }
      Path p = Path.of((String) e.getValue().unwrapped());
      if (!Files.isDirectory(p) && !Files.isRegularFile(p)) {
        throw new MtcException(
            where
                + ": the teacher of task '"
                + e.getKey()
                + "', "
                + p
                + ", does not exist; give a "
                + "trained model directory (mtc train --out DIR) or a .onnx written by mtc export onnx");
      }
      out.put(e.getKey(), p);
    }
    return out;
  }

  private static MtcException outOfRange(Config settings, String key, String range) {
    String path = KEY + "." + key;
    return new MtcException(
        Settings.where(settings, path)
            + ": "
            + path
            + " must be "
            + range
            + ", got "
            + settings.getValue(path).unwrapped());
  }
}
