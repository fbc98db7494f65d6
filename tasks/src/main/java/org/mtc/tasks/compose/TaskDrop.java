package org.mtc.tasks.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mtc.core.MtcException;
import org.mtc.core.TaskKind;
import org.mtc.core.io.StagedDirectory;
import org.mtc.core.settings.DidYouMean;
import org.mtc.core.task.TaskSet;
import org.mtc.core.task.TaskSpec;
import org.mtc.heads.Heads;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.model.TasksConf;

/**
 * Writes a trained model without some of its tasks, without loading it on an engine: {@code
 * backbone/} is copied byte for byte, {@code tasks.conf} and {@code heads.safetensors} are
 * rewritten with the kept tasks only (their tensors and thresholds bit for bit), {@code
 * metrics.json} loses the dropped tasks ({@link ComposedMetrics}), the record files ({@code
 * mtc-model.json}, {@code settings.conf}, {@code train.log}) are copied, and {@link Provenance}
 * records the drop. Any other file of the source is left out. So the kept tasks answer bit for bit
 * as before, on every engine and in an export. The new directory is staged beside {@code out} and
 * renamed into place when complete ({@link StagedDirectory}): a failure leaves nothing. The source
 * is only read. Stateless.
 */
public final class TaskDrop {
  /** The operation's name in {@link Provenance}. */
  public static final String OPERATION = "drop";

  /**
   * What was written.
   *
   * @param model the model directory read (the source's {@code model/} for a run directory)
   * @param kept the tasks of the new model, in output order
   * @param dropped the tasks left out, in the source's order
   * @param leftOut files of the source not carried over (not part of a model directory)
   * @param sourceSha256 the digest of the source directory recorded in the provenance
   */
  public record Result(
      Path model,
      List<String> kept,
      List<String> dropped,
      List<String> leftOut,
      String sourceSha256) {}

  private TaskDrop() {}

  /**
   * Writes {@code source} without the tasks {@code drop} as the model directory {@code out}.
   *
   * @param source a trained model directory or a training run directory holding {@code model/}
   * @param overwrite whether an existing model directory at {@code out} may be replaced ({@link
   *     ComposedOutput})
   * @throws MtcException before anything is written, naming the bad value and the fix: a source
   *     that is no model (or an exported .onnx graph), an unknown task, a drop of every task, an
   *     {@code out} that may not be written
   */
  public static Result write(Path source, List<String> drop, Path out, boolean overwrite) {
    Path modelDir = SourceModel.directory(source, OPERATION);
    TasksConf conf = TasksConf.read(modelDir.resolve(TasksConf.FILE));
    Set<String> dropped = checkedDrop(conf, drop, source);
    ComposedOutput.check(out, overwrite, source, modelDir);
    List<TaskSpec> kept =
        conf.tasks().tasks().stream().filter(t -> !dropped.contains(t.name())).toList();
    Provenance provenance =
        Provenance.of(OPERATION, source, modelDir)
            .with("dropped", List.copyOf(dropped))
            .with("kept", kept.stream().map(TaskSpec::name).toList());
    List<String> leftOut;
    try (StagedDirectory staged = StagedDirectory.beside(out)) {
      Path dir = staged.path();
      CarriedFiles.copy(modelDir, dir);
      Files.writeString(
          dir.resolve(TasksConf.FILE),
          new TasksConf(new TaskSet(kept), conf.pooling(), conf.maxLength(), conf.heads())
              .render());
      Map<String, TaskKind> kinds = new LinkedHashMap<>();
      kept.forEach(t -> kinds.put(t.name(), t.kind()));
      Heads.copy(
          modelDir.resolve(MultitaskModel.HEADS_FILE),
          dir.resolve(MultitaskModel.HEADS_FILE),
          kinds);
      Path metrics = modelDir.resolve(MultitaskModel.METRICS_FILE);
      if (Files.isRegularFile(metrics)) {
        ComposedMetrics.write(metrics, dir.resolve(MultitaskModel.METRICS_FILE), dropped, null);
      }
      provenance.writeTo(dir);
      leftOut = CarriedFiles.leftOut(modelDir);
      staged.publish(overwrite);
    } catch (IOException e) {
      throw new MtcException(
          "could not write " + out + ": " + e.getMessage() + " (nothing was written)", e);
    }
    return new Result(
        modelDir,
        kept.stream().map(TaskSpec::name).toList(),
        conf.names().stream().filter(dropped::contains).toList(),
        leftOut,
        provenance.sourceSha256());
  }

  /**
   * The tasks to drop, each named once and in the model, at least one kept.
   *
   * @throws MtcException naming an unknown task with the model's tasks, or a drop of every task
   */
  static Set<String> checkedDrop(TasksConf conf, List<String> drop, Path source) {
    List<String> names = conf.names();
    Set<String> dropped = new LinkedHashSet<>();
    for (String name : drop) {
      String task = name.strip();
      if (task.isEmpty()) {
        throw new MtcException(
            "--drop has an empty task name; give the tasks to drop separated by commas, e.g. --drop "
                + names.get(names.size() - 1));
      }
      if (!names.contains(task)) {
        throw new MtcException(
            "--drop "
                + task
                + ": the model "
                + source
                + " has no task '"
                + task
                + "'"
                + DidYouMean.suggest(task, names)
                + "; its tasks: "
                + String.join(", ", names));
      }
      dropped.add(task);
    }
    if (dropped.size() == names.size()) {
      throw new MtcException(
          "--drop names every task of "
              + source
              + " ("
              + String.join(", ", names)
              + "); a model needs at least one task: keep one, or delete the model instead");
    }
    return dropped;
  }
}
