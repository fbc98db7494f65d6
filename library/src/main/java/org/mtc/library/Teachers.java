package org.mtc.library;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.mtc.core.MtcException;
import org.mtc.tasks.distill.ClassifierTeacher;
import org.mtc.tasks.distill.DistillSettings;
import org.mtc.tasks.distill.Teacher;

/**
 * The teachers of a distilled run ({@code mtc.train.distill.teachers}), each a {@link
 * ClassifierTeacher} that opens its model through {@link Mtc#open} on {@code
 * mtc.train.distill.engine} (an exported {@code .onnx} always on ONNX Runtime), at the run's
 * maximum length. A model that teaches several tasks is opened once. Stateless.
 */
public final class Teachers {
  /** The folder of a {@code mtc bench} run that holds its single-task models, one per task. */
  public static final String BENCH_SINGLE_TASK = "single-task";

  private static final int BATCH = 64;

  private Teachers() {}

  /**
   * The teacher of each task that has one, by task, not yet opened; the caller closes them (or
   * hands them to the trainer, which does).
   *
   * @param settings the run's merged settings
   */
  public static Map<String, Teacher> of(Config settings) {
    DistillSettings distill = DistillSettings.from(settings);
    int maxLength = settings.getInt("mtc.backbone.max-length");
    Map<Path, Teacher> byPath = new LinkedHashMap<>();
    Map<String, Teacher> out = new LinkedHashMap<>();
    distill
        .teachers()
        .forEach(
            (task, path) ->
                out.put(
                    task,
                    byPath.computeIfAbsent(
                        path.toAbsolutePath().normalize(),
                        p -> teacher(p, distill.engine(), maxLength, settings))));
    return out;
  }

  /**
   * The single-task models of a {@code mtc bench} run directory as teachers of {@code tasks}:
   * {@code <bench>/single-task/<task>} for each task that has one.
   *
   * @throws MtcException when {@code bench} has no single-task models
   */
  public static Map<String, Path> fromBenchRun(Path bench, Collection<String> tasks) {
    Path singles = bench.resolve(BENCH_SINGLE_TASK);
    if (!Files.isDirectory(singles)) {
      throw new MtcException(
          "--teachers "
              + bench
              + ": not a bench run with single-task models (no "
              + singles
              + ")"
              + seedHint(bench)
              + "; give the run directory of mtc bench, or NAME=DIR for each task");
    }
    Map<String, Path> out = new LinkedHashMap<>();
    for (String task : tasks) {
      Path model = singles.resolve(task);
      if (Files.isDirectory(model)) {
        out.put(task, model.toAbsolutePath().normalize());
      }
    }
    if (out.isEmpty()) {
      throw new MtcException(
          "--teachers "
              + bench
              + ": none of the run's tasks "
              + tasks
              + " has a model in "
              + singles);
    }
    return out;
  }

  private static String seedHint(Path bench) {
    try (Stream<Path> list = Files.list(bench)) {
      return list.anyMatch(p -> p.getFileName().toString().startsWith("seed-"))
          ? " (a run with several seeds keeps them in seed-N/: give one of those)"
          : "";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static Teacher teacher(Path path, String engine, int maxLength, Config settings) {
    boolean exported = Files.isRegularFile(path);
    String used = exported ? "onnx" : engine;
    MtcOptions options =
        MtcOptions.defaults()
            .settings(settings)
            .set("mtc.backbone.max-length", maxLength)
            .set("mtc.backbone.engine", used)
            .batchSize(BATCH);
    return new ClassifierTeacher(
        path, "engine=" + used + " max-length=" + maxLength, p -> Mtc.open(p, options));
  }
}
