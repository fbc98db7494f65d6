package org.mtc.cli;

import com.typesafe.config.Config;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mtc.core.MtcException;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.engine.Engines;
import org.mtc.core.io.StagedDirectory;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.core.task.TaskSet;
import org.mtc.library.Teachers;
import org.mtc.tasks.compose.AddRecord;
import org.mtc.tasks.compose.DistilledAdd;
import org.mtc.tasks.compose.Provenance;
import org.mtc.tasks.compose.TaskAdd;
import org.mtc.tasks.data.DataDirectory;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.distill.DistillSettings;
import org.mtc.tasks.distill.Teacher;
import org.mtc.tasks.eval.MetricsTable;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.train.TrainResult;
import org.mtc.tasks.train.TrainSettings;
import org.mtc.tasks.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mtc tasks add}: writes a trained model with new tasks ({@link TaskAdd}). With {@code
 * --mode frozen} only the new heads train, on the model's own encoder, frozen; the backbone and the
 * old heads are copied bit for bit, so the old tasks answer exactly as before. Training shows its
 * progress as {@code mtc train} does and runs in a hidden folder beside {@code --out} that goes
 * when the command ends; the new directory records its source, the data and the training in {@code
 * provenance.json}.
 */
@Command(
    name = "add",
    mixinStandardHelpOptions = true,
    description = {
      "Write a trained model with new tasks, as a new model directory that every command opens. "
          + "--mode frozen trains only the new tasks' heads, on the model's own encoder, frozen: the "
          + "backbone and the old heads are copied bit for bit, so the old tasks answer exactly as "
          + "before on every engine and in an export. provenance.json records the source and its "
          + "SHA-256, the task set and data files with theirs, and the training."
    })
final class TasksAddCommand implements Callable<Integer> {
  @Inject Engines engines;

  @Mixin SettingsOptions settingsOptions;

  @Mixin TaskChoiceOption only;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description =
          "Trained model directory (or a training run directory holding model/); only read.")
  Path model;

  @Option(
      names = "--tasks",
      required = true,
      paramLabel = "FILE",
      description = "The new tasks (HOCON task set, as for mtc train); none may be in the model.")
  Path tasksFile;

  @Option(
      names = "--mode",
      required = true,
      paramLabel = "frozen|distill",
      description =
          "frozen: train only the new heads on the frozen encoder (old tasks bitwise unchanged). "
              + "distill: the encoder trains too, on the new tasks' data, while the model teaches "
              + "its old heads (learning without forgetting); the old answers move a little.")
  String mode;

  @Option(
      names = "--replay",
      paramLabel = "N",
      description =
          "--mode distill: examples of each old task's own training data it trains on, with its "
              + "gold labels and the model's answers (default: 500; 0 for none).")
  Integer replay;

  @Option(
      names = "--new-texts",
      paramLabel = "N",
      description =
          "--mode distill: texts of the new tasks' training data each old task learns the model's "
              + "answers on (default: 500).")
  Integer newTexts;

  @Option(
      names = "--trainable-layers",
      paramLabel = "all|N",
      description = "--mode distill: encoder layers that train (default: all).")
  String trainableLayers;

  @Option(
      names = "--learning-rate",
      paramLabel = "LR",
      description = "--mode distill: the encoder's learning rate.")
  Double learningRate;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "The new model directory to write (beside the source, never inside it).")
  Path out;

  @Option(
      names = "--overwrite",
      description =
          "Replace an existing --out that is a model directory (never the source, a run directory "
              + "or any other folder).")
  boolean overwrite;

  @Option(names = "--engine", paramLabel = "NAME", description = "Engine: djl (default), onnx, tf.")
  String engine;

  @Mixin TrainingBudgetOptions budget;

  @Override
  public Integer call() {
    TaskAdd.checkMode(mode);
    boolean distill = mode.equals(TaskAdd.DISTILL);
    refuseDistillOptions(distill);
    Map<String, Object> values = givenSettings();
    Config merged = settingsOptions.load(List.of(tasksFile), values);
    TaskSet added = only.select(TaskSet.from(merged));
    TaskAdd add = TaskAdd.check(model, added, out, overwrite);
    DistilledAdd student =
        distill
            ? new DistilledAdd(
                add,
                replay == null ? DistilledAdd.DEFAULT_REPLAY : replay,
                newTexts == null ? DistilledAdd.DEFAULT_REPLAY : newTexts)
            : null;
    warnIgnored(values, merged, distill);
    Config settings =
        distill
            ? student.trainingSettings(merged, settingsOptions.given(List.of(tasksFile), values))
            : add.trainingSettings(merged);
    Path dataDir = DataDirectory.resolve(settings, Optional.ofNullable(settingsOptions.dataDir));
    TrainSettings train = TrainSettings.from(settings);
    List<TaskData> data = data(added, dataDir, train, student);
    Path backboneDir = add.modelDirectory().resolve(MultitaskModel.BACKBONE_DIR);
    BackboneSpec backbone = BackboneSpec.from(settings, backboneDir);
    Map<String, Teacher> teachers = distill ? Teachers.of(settings) : Map.of();
    long start = System.nanoTime();
    TrainResult result;
    TaskAdd.Result written;
    // everything is checked before the encoder opens; training runs in a hidden folder beside
    // --out, removed when the command ends (Ctrl-C included), and --out appears only when complete
    try (MultitaskModel trained = MultitaskModel.create(engines.open(backbone), data, settings);
        StagedDirectory work =
            StagedDirectory.beside(out.resolveSibling(out.getFileName() + ".heads"));
        ProgressDisplay progress = new ProgressDisplay(System.err, train.logEvery())) {
      if (distill) {
        student.startOldHeads(trained);
      }
      long parameters =
          HfBackboneDirectory.open(backboneDir).encoderConfig().transformerParameters();
      result =
          new Trainer(train, progress, 0, parameters)
              .withTeachers(teachers, DistillSettings.from(settings))
              .train(trained, data, work.path());
      AddRecord.Training record =
          new AddRecord.Training(
              tasksFile,
              dataDir,
              settings,
              result,
              (System.nanoTime() - start) / 1e9,
              Main.commandLine() == null ? "" : Main.commandLine());
      written =
          distill
              ? student.write(result.bestModel(), record)
              : add.write(result.bestModel(), record);
    }
    return report(written, result, start, distill);
  }

  /** The new tasks' data, after the old tasks' for a distilled add. */
  private static List<TaskData> data(
      TaskSet added, Path dataDir, TrainSettings train, DistilledAdd student) {
    List<TaskData> data = new ArrayList<>();
    for (var spec : added.tasks()) {
      data.add(TrainCommand.load(spec, dataDir, Optional.empty(), train));
    }
    return student == null ? data : student.data(data, dataDir, train.seed());
  }

  /** Refuses the options of --mode distill with --mode frozen, where they would do nothing. */
  private void refuseDistillOptions(boolean distill) {
    if (distill) {
      return;
    }
    Map<String, Object> given = new LinkedHashMap<>();
    given.put("--replay", replay);
    given.put("--new-texts", newTexts);
    given.put("--trainable-layers", trainableLayers);
    given.put("--learning-rate", learningRate);
    given.values().removeIf(java.util.Objects::isNull);
    if (!given.isEmpty()) {
      throw new MtcException(
          String.join(", ", given.keySet())
              + " concern the encoder's training, which --mode frozen does not do (the encoder stays "
              + "as it is): leave them out, or use --mode distill");
    }
  }

  /** The settings given as options, by setting (null where an option is not given). */
  private Map<String, Object> givenSettings() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("mtc.backbone.engine", engine);
    values.put("mtc.backbone.trainable-layers", trainableLayers);
    values.put("mtc.train.learning-rate", learningRate);
    budget.put(values);
    return values;
  }

  /**
   * One warning line for each given setting that the source model decides ({@link
   * TaskAdd#FIXED_SETTINGS}), and for settings of another engine.
   */
  private void warnIgnored(Map<String, Object> values, Config settings, boolean distill) {
    settingsOptions.warnOtherEngines(
        List.of(tasksFile), values, settings.getString("mtc.backbone.engine"));
    Config given = settingsOptions.given(List.of(tasksFile), values);
    for (String key : distill ? DistilledAdd.FIXED_SETTINGS : TaskAdd.FIXED_SETTINGS) {
      if (given.hasPath(key)) {
        IgnoredOptions.warning(
            key
                + " does nothing for mtc tasks add --mode "
                + mode
                + ": "
                + (distill
                    ? "the student starts from the encoder and heads of "
                        + model
                        + ", with its pooling, max length and head settings, and "
                        + model
                        + " teaches its old tasks"
                    : "the new heads read the frozen encoder of "
                        + model
                        + " as its own tasks do, with its backbone, pooling, max length and head "
                        + "settings"));
      }
    }
  }

  private int report(TaskAdd.Result r, TrainResult result, long start, boolean distill) {
    if (!result.bestDev().isEmpty()) {
      System.out.println(MetricsTable.format(result.bestDev()));
    }
    if (distill) {
      System.err.printf(
          Locale.ROOT,
          "wrote %s in %s: %d tasks (%s), added %s; the encoder and every head trained %d steps, "
              + "the old tasks taught by %s (sha256 %s, recorded in %s); compare the old tasks' "
              + "answers with: mtc eval --model %s --against %s --split test%n",
          out,
          ProgressDisplay.duration((long) ((System.nanoTime() - start) / 1e9)),
          r.tasks().size(),
          String.join(", ", r.tasks()),
          String.join(", ", r.added()),
          result.steps(),
          r.model(),
          r.sourceSha256().substring(0, 12),
          Provenance.FILE,
          out,
          r.model());
      return 0;
    }
    System.err.printf(
        Locale.ROOT,
        "wrote %s in %s: %d tasks (%s), added %s, their heads trained %d steps on the frozen "
            + "encoder; backbone and old heads copied unchanged from %s (sha256 %s, recorded in "
            + "%s)%n",
        out,
        ProgressDisplay.duration((long) ((System.nanoTime() - start) / 1e9)),
        r.tasks().size(),
        String.join(", ", r.tasks()),
        String.join(", ", r.added()),
        result.steps(),
        r.model(),
        r.sourceSha256().substring(0, 12),
        Provenance.FILE);
    if (!r.leftOut().isEmpty()) {
      System.err.println(
          "mtc: left out "
              + String.join(", ", r.leftOut())
              + " of "
              + r.model()
              + ": not part of a model directory");
    }
    return 0;
  }
}
