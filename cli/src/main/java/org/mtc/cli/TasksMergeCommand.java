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
import org.mtc.core.LabelSpace;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.engine.Engines;
import org.mtc.core.io.StagedDirectory;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.core.task.TaskSpec;
import org.mtc.library.Teachers;
import org.mtc.tasks.compose.AddRecord;
import org.mtc.tasks.compose.Provenance;
import org.mtc.tasks.compose.TaskMerge;
import org.mtc.tasks.data.DataDirectory;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.distill.DistillSettings;
import org.mtc.tasks.eval.MetricsTable;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.train.TrainResult;
import org.mtc.tasks.train.TrainSettings;
import org.mtc.tasks.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mtc tasks merge}: one model for the tasks of several ({@link TaskMerge}). A student
 * encoder trains on the union of their tasks' training data, each source model teaching its own
 * tasks; it shows its progress as {@code mtc train} does, trains in a hidden folder beside {@code
 * --out}, and the new directory records its sources, the data and the training in {@code
 * provenance.json}.
 */
@Command(
    name = "merge",
    mixinStandardHelpOptions = true,
    description = {
      "Write one model that answers the tasks of several trained models with one encoder. The "
          + "student starts from the first model's encoder and heads (or --backbone's) and trains on "
          + "the union of the tasks' training data, each model teaching its own tasks (gold labels "
          + "mixed with its predictions, mtc.train.distill). provenance.json records the sources "
          + "and their SHA-256, the data files and the training."
    })
final class TasksMergeCommand implements Callable<Integer> {
  @Inject Engines engines;

  @Mixin SettingsOptions settingsOptions;

  @Option(
      names = "--models",
      required = true,
      split = ",",
      paramLabel = "DIR",
      description = "Two or more trained model directories (or run directories); only read.")
  List<Path> models;

  @Option(
      names = "--backbone",
      paramLabel = "DIR",
      description =
          "The student's starting encoder: one of --models (its heads start the student too) or a "
              + "backbone directory (every head starts new). Default: the first model's.")
  Path backbone;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "The new model directory to write (beside the sources, never inside one).")
  Path out;

  @Option(
      names = "--overwrite",
      description = "Replace an existing --out that is a model directory (never a source).")
  boolean overwrite;

  @Option(names = "--engine", paramLabel = "NAME", description = "Engine: djl (default), onnx, tf.")
  String engine;

  @Option(
      names = "--trainable-layers",
      paramLabel = "all|N",
      description = "Encoder layers that train (default: all).")
  String trainableLayers;

  @Option(
      names = "--learning-rate",
      paramLabel = "LR",
      description = "The encoder's learning rate.")
  Double learningRate;

  @Mixin TrainingBudgetOptions budget;

  @Override
  public Integer call() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("mtc.backbone.engine", engine);
    values.put("mtc.backbone.trainable-layers", trainableLayers);
    values.put("mtc.train.learning-rate", learningRate);
    budget.put(values);
    Config merged = settingsOptions.load(List.of(), values);
    TaskMerge merge = TaskMerge.check(models, Optional.ofNullable(backbone), out, overwrite);
    warnIgnored(values, merged);
    Config settings = merge.trainingSettings(merged);
    Path dataDir = DataDirectory.resolve(settings, Optional.ofNullable(settingsOptions.dataDir));
    TrainSettings train = TrainSettings.from(settings);
    List<TaskData> data = new ArrayList<>();
    for (TaskSpec spec : merge.tasks()) {
      data.add(
          TrainCommand.load(
              spec, dataDir, Optional.of(new LabelSpace(spec.name(), spec.labels())), train));
    }
    BackboneSpec spec = BackboneSpec.from(settings, merge.backboneDirectory());
    var teachers = Teachers.of(settings);
    long start = System.nanoTime();
    TrainResult result;
    List<String> tasks;
    try (MultitaskModel student = MultitaskModel.create(engines.open(spec), data, settings);
        StagedDirectory work =
            StagedDirectory.beside(out.resolveSibling(out.getFileName() + ".student"));
        ProgressDisplay progress = new ProgressDisplay(System.err, train.logEvery())) {
      merge.startHeads(student);
      long parameters =
          HfBackboneDirectory.open(merge.backboneDirectory())
              .encoderConfig()
              .transformerParameters();
      result =
          new Trainer(train, progress, 0, parameters)
              .withTeachers(teachers, DistillSettings.from(settings))
              .train(student, data, work.path());
      tasks =
          merge.write(
              result.bestModel(),
              new AddRecord.Training(
                  null,
                  dataDir,
                  settings,
                  result,
                  (System.nanoTime() - start) / 1e9,
                  Main.commandLine() == null ? "" : Main.commandLine()));
    }
    return report(merge, result, tasks, start);
  }

  private int report(TaskMerge merge, TrainResult result, List<String> tasks, long start) {
    if (!result.bestDev().isEmpty()) {
      System.out.println(MetricsTable.format(result.bestDev()));
    }
    System.err.printf(
        Locale.ROOT,
        "wrote %s in %s: %d tasks (%s) on one encoder, started from %s and trained %d steps, each "
            + "source teaching its tasks (recorded in %s); compare with a source: mtc eval --model "
            + "%s --against %s --split test%n",
        out,
        ProgressDisplay.duration((long) ((System.nanoTime() - start) / 1e9)),
        tasks.size(),
        String.join(", ", tasks),
        merge.startModel().map(Path::toString).orElse(merge.backboneDirectory().toString()),
        result.steps(),
        Provenance.FILE,
        out,
        models.get(0));
    return 0;
  }

  /** One warning line for each given setting that the merge decides. */
  private void warnIgnored(Map<String, Object> values, Config settings) {
    settingsOptions.warnOtherEngines(List.of(), values, settings.getString("mtc.backbone.engine"));
    Config given = settingsOptions.given(List.of(), values);
    for (String key : TaskMerge.FIXED_SETTINGS) {
      if (given.hasPath(key)) {
        IgnoredOptions.warning(
            key
                + " does nothing for mtc tasks merge: the student takes its encoder, pooling, max "
                + "length and head settings from the model it starts from (--backbone), and each "
                + "source teaches its own tasks");
      }
    }
  }
}
