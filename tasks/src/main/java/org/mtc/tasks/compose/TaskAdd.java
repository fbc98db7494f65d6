package org.mtc.tasks.compose;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.core.TaskKind;
import org.mtc.core.io.StagedDirectory;
import org.mtc.core.task.TaskSet;
import org.mtc.core.task.TaskSpec;
import org.mtc.heads.Heads;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.model.TasksConf;

/**
 * Adds tasks to a trained model with its encoder frozen ({@code mtc tasks add --mode frozen}), in
 * two halves around the training of the new heads, which the caller runs: {@link #check} reads and
 * checks the source, the new tasks and {@code out} before anything is written, and {@link
 * #trainingSettings} gives the settings that train the new heads on the source's own encoder
 * (frozen, with its pooling, max length and head settings, so the heads read the very pooled
 * vectors the model computes); {@link #write} then composes the new model directory from the source
 * and the trained heads without loading either on an engine: {@code backbone/} and the record files
 * are copied byte for byte ({@link CarriedFiles}), {@code heads.safetensors} holds the source's
 * heads bit for bit and the new ones after them ({@link Heads#combine}), {@code tasks.conf} lists
 * the source's tasks and then the new ones, {@code metrics.json} gains the new tasks' dev figures
 * ({@link ComposedMetrics}) and {@link Provenance} records the add ({@link AddRecord}). So the old
 * tasks answer bit for bit as before, on every engine and in an export. Staged beside {@code out}
 * and renamed into place when complete: a failure leaves nothing. The source is only read.
 * Immutable.
 */
public final class TaskAdd {
  /** The operation's name in {@link Provenance}. */
  public static final String OPERATION = "add";

  /** The mode that trains only the new heads, on the frozen encoder. */
  public static final String FROZEN = "frozen";

  /** The mode that trains the encoder too, the old model teaching the old heads. */
  public static final String DISTILL = "distill";

  /**
   * The settings {@link #trainingSettings} takes from the source model, whatever the user gives.
   */
  public static final List<String> FIXED_SETTINGS =
      List.of(
          "mtc.backbone.directory",
          "mtc.backbone.trainable-layers",
          "mtc.backbone.pooling",
          "mtc.backbone.max-length",
          "mtc.heads");

  /**
   * What was written.
   *
   * @param model the model directory read (the source's {@code model/} for a run directory)
   * @param tasks the tasks of the new model, in output order
   * @param added the tasks added, in output order
   * @param leftOut files of the source not carried over (not part of a model directory)
   * @param sourceSha256 the digest of the source directory recorded in the provenance
   */
  public record Result(
      Path model,
      List<String> tasks,
      List<String> added,
      List<String> leftOut,
      String sourceSha256) {}

  private final Path modelDir;
  private final TasksConf conf;
  private final TaskSet added;
  private final Path out;
  private final boolean overwrite;
  private final Provenance provenance;

  private TaskAdd(
      Path modelDir,
      TasksConf conf,
      TaskSet added,
      Path out,
      boolean overwrite,
      Provenance provenance) {
    this.modelDir = modelDir;
    this.conf = conf;
    this.added = added;
    this.out = out;
    this.overwrite = overwrite;
    this.provenance = provenance;
  }

  /**
   * Refuses a mode other than {@value #FROZEN} and {@value #DISTILL}.
   *
   * @throws MtcException for an unknown mode
   */
  public static void checkMode(String mode) {
    if (!mode.equals(FROZEN) && !mode.equals(DISTILL)) {
      throw new MtcException(
          "--mode "
              + mode
              + " is not a mode of mtc tasks add; use --mode frozen (only the new heads train) or "
              + "--mode distill (the encoder trains too, the old model teaching the old heads)");
    }
  }

  /**
   * Reads and checks everything an add of {@code added} to {@code source} needs, writing nothing;
   * digests the source for the provenance.
   *
   * @param source a trained model directory or a training run directory holding {@code model/}
   * @param overwrite whether an existing model directory at {@code out} may be replaced ({@link
   *     ComposedOutput})
   * @throws MtcException naming the bad value and the way out: a source that is no model (or an
   *     exported .onnx graph), a new task the model already has, two tasks answering DREAM under
   *     one name, an {@code out} that may not be written
   */
  public static TaskAdd check(Path source, TaskSet added, Path out, boolean overwrite) {
    Path modelDir = SourceModel.directory(source, OPERATION);
    TasksConf conf = TasksConf.read(modelDir.resolve(TasksConf.FILE));
    for (TaskSpec t : added.tasks()) {
      if (conf.names().contains(t.name())) {
        throw new MtcException(
            t.where()
                + ": task '"
                + t.name()
                + "' is already a task of the model "
                + source
                + " (its tasks: "
                + String.join(", ", conf.names())
                + "), and a model has one head per task: give the new task another name, or drop "
                + "the old one first (mtc tasks drop --model "
                + source
                + " --drop "
                + t.name()
                + " --out NEW) and add to NEW");
      }
    }
    List<TaskSpec> all = new ArrayList<>(conf.tasks().tasks());
    all.addAll(added.tasks());
    new TaskSet(all); // refuses two tasks answering DREAM under one name
    ComposedOutput.check(out, overwrite, source, modelDir);
    return new TaskAdd(
        modelDir, conf, added, out, overwrite, Provenance.of(OPERATION, source, modelDir));
  }

  /** The model directory read. */
  public Path modelDirectory() {
    return modelDir;
  }

  /** The source's tasks and the settings its heads were trained with. */
  public TasksConf conf() {
    return conf;
  }

  /** Where the new model goes, and whether an existing model directory there may be replaced. */
  Path out() {
    return out;
  }

  boolean overwrite() {
    return overwrite;
  }

  /** The record of the source, to which the add's details are added. */
  Provenance provenance() {
    return provenance;
  }

  /** The tasks to add, as given. */
  public TaskSet added() {
    return added;
  }

  /**
   * {@code settings} with what the new heads must share with the source ({@link #FIXED_SETTINGS}):
   * the source's {@code backbone/} as the backbone directory, frozen, with the source's pooling and
   * max length, and the source's {@code mtc.heads} over the given ones.
   */
  public Config trainingSettings(Config settings) {
    Config fixed =
        ConfigFactory.empty()
            .withValue(
                "mtc.backbone.directory",
                ConfigValueFactory.fromAnyRef(
                    modelDir.resolve(MultitaskModel.BACKBONE_DIR).toAbsolutePath().toString()))
            .withValue("mtc.backbone.trainable-layers", ConfigValueFactory.fromAnyRef(FROZEN))
            .withValue(
                "mtc.backbone.pooling",
                ConfigValueFactory.fromAnyRef(conf.pooling().name().toLowerCase(Locale.ROOT)))
            .withValue("mtc.backbone.max-length", ConfigValueFactory.fromAnyRef(conf.maxLength()));
    return fixed.withFallback(conf.headSettings(settings));
  }

  /**
   * Writes the source with the trained new heads as the model directory {@code out}.
   *
   * @param trained the model directory the new heads were trained into (on {@link
   *     #trainingSettings}), holding exactly the added tasks
   * @param training how they were trained, for the provenance
   * @throws MtcException when {@code trained} does not hold the added tasks, or writing fails
   *     (nothing is written then)
   */
  public Result write(Path trained, AddRecord.Training training) {
    TasksConf heads = TasksConf.read(trained.resolve(TasksConf.FILE));
    if (!heads.names().equals(added.names())) {
      throw new MtcException(
          trained
              + " holds heads for "
              + heads.names()
              + ", not for the tasks to add "
              + added.names());
    }
    List<TaskSpec> all = new ArrayList<>(conf.tasks().tasks());
    all.addAll(heads.tasks().tasks());
    Map<String, TaskKind> kinds = new LinkedHashMap<>();
    all.forEach(t -> kinds.put(t.name(), t.kind()));
    Provenance record =
        provenance
            .with("mode", FROZEN)
            .with("added", added.names())
            .with("kept", conf.names())
            .with("inputs", AddRecord.inputs(training, added.tasks()))
            .with("training", AddRecord.training(training, FROZEN));
    List<String> leftOut;
    try (StagedDirectory staged = StagedDirectory.beside(out)) {
      Path dir = staged.path();
      CarriedFiles.copy(modelDir, dir);
      Files.writeString(
          dir.resolve(TasksConf.FILE),
          new TasksConf(new TaskSet(all), conf.pooling(), conf.maxLength(), conf.heads()).render());
      Heads.combine(
          List.of(
              modelDir.resolve(MultitaskModel.HEADS_FILE),
              trained.resolve(MultitaskModel.HEADS_FILE)),
          dir.resolve(MultitaskModel.HEADS_FILE),
          kinds);
      Path metrics = modelDir.resolve(MultitaskModel.METRICS_FILE);
      Path newMetrics = trained.resolve(MultitaskModel.METRICS_FILE);
      if (Files.isRegularFile(metrics) || Files.isRegularFile(newMetrics)) {
        ComposedMetrics.write(
            metrics,
            dir.resolve(MultitaskModel.METRICS_FILE),
            List.of(),
            ComposedMetrics.tasks(newMetrics));
      }
      record.writeTo(dir);
      leftOut = CarriedFiles.leftOut(modelDir);
      staged.publish(overwrite);
    } catch (IOException e) {
      throw new MtcException(
          "could not write " + out + ": " + e.getMessage() + " (nothing was written)", e);
    }
    return new Result(
        modelDir,
        all.stream().map(TaskSpec::name).toList(),
        added.names(),
        leftOut,
        provenance.sourceSha256());
  }
}
