package org.mtc.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.library.Teachers;
import picocli.CommandLine.Option;

/**
 * {@code --teachers} of {@code mtc train}: which model teaches which task, as the setting {@code
 * mtc.train.distill.teachers} (one absolute path per task).
 */
final class TeacherOptions {
  /** The settings key {@code --teachers} gives, one entry per task. */
  static final String TEACHERS = "mtc.train.distill.teachers";

  @Option(
      names = "--teachers",
      split = ",",
      paramLabel = "TASK=MODEL|BENCH_RUN",
      description =
          "Distil from teachers: TASK=MODEL gives a task the trained model directory or exported "
              + ".onnx that teaches it (any model that answers the task with its labels); a mtc bench "
              + "run directory gives each task its single-task model. Sets mtc.train.distill.teachers; "
              + "mtc.train.distill sets the schedule and the temperature.")
  List<String> teachers;

  /** {@code settings} with the teachers {@code --teachers} gives, when it is given. */
  Config withTeachers(Config settings, List<String> tasks) {
    Map<String, Path> paths = paths(tasks);
    if (paths.isEmpty()) {
      return settings;
    }
    Map<String, String> values = new LinkedHashMap<>();
    paths.forEach((task, path) -> values.put(task, path.toString()));
    return settings.withValue(TEACHERS, ConfigValueFactory.fromMap(values, "--teachers"));
  }

  /** Adds the teachers {@code --teachers} gives to the settings given as options, by key. */
  void putTeachers(Map<String, Object> values, List<String> tasks) {
    paths(tasks).forEach((task, path) -> values.put(TEACHERS + "." + task, path.toString()));
  }

  /**
   * The teachers {@code --teachers} names, as absolute paths by task: {@code TASK=MODEL} entries,
   * and a bench run directory's single-task models for those of {@code tasks} it has.
   */
  private Map<String, Path> paths(List<String> tasks) {
    Map<String, Path> out = new LinkedHashMap<>();
    for (String entry : teachers == null ? List.<String>of() : teachers) {
      int eq = entry.indexOf('=');
      if (eq < 0) {
        out.putAll(Teachers.fromBenchRun(Path.of(entry), tasks));
      } else if (eq == 0 || eq == entry.length() - 1) {
        throw new MtcException(
            "--teachers "
                + entry
                + ": give TASK=MODEL (a task of the run and a trained model directory or "
                + ".onnx), or a mtc bench run directory");
      } else {
        out.put(
            entry.substring(0, eq), Path.of(entry.substring(eq + 1)).toAbsolutePath().normalize());
      }
    }
    return out;
  }
}
