package org.mtc.cli;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.engine.Engines;
import org.mtc.core.io.AtomicFiles;
import org.mtc.core.task.TaskSet;
import org.mtc.tasks.data.DataDirectory;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.data.TaskDataLoader;
import org.mtc.tasks.eval.MetricsTable;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.train.RunDirectory;
import org.mtc.tasks.train.TrainResult;
import org.mtc.tasks.train.TrainSettings;
import org.mtc.tasks.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mtc train}: fine-tunes one shared encoder and one head per task, keeping the best checkpoint. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a multitask model (one encoder, one head per task) and keep the best checkpoint.")
final class TrainCommand implements Callable<Integer> {
  @Mixin SettingsOptions settingsOptions;

  @Option(names = "--tasks", required = true, paramLabel = "FILE", description = "Task set (HOCON), e.g. conf/dream9.conf.")
  Path tasksFile;

  @Option(names = "--only", split = ",", paramLabel = "TASK", description = "Train only these tasks of the set.")
  List<String> only = new ArrayList<>();

  @Option(names = "--backbone", paramLabel = "DIR",
      description = "Backbone directory (Hugging Face layout). Default: the embedded all-MiniLM-L6-v2.")
  Path backbone;

  @Option(names = "--engine", paramLabel = "NAME", description = "Engine: djl (default), onnx, tf.")
  String engine;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run directory to create.")
  Path out;

  @Option(names = "--overwrite", description = "Replace an existing run directory, once the new run has a checkpoint.")
  boolean overwrite;

  @Option(names = "--max-train-per-task", paramLabel = "N", description = "Train on at most N examples per task.")
  Integer maxTrainPerTask;

  @Option(names = "--epochs", paramLabel = "N") Integer epochs;

  @Option(names = "--max-steps", paramLabel = "N") Long maxSteps;

  @Option(names = "--batch-size", paramLabel = "N") Integer batchSize;

  @Option(names = "--learning-rate", paramLabel = "LR") Double learningRate;

  @Option(names = "--head-learning-rate", paramLabel = "LR") Double headLearningRate;

  @Option(names = "--trainable-layers", paramLabel = "all|frozen|N") String trainableLayers;

  @Option(names = "--max-length", paramLabel = "TOKENS") Integer maxLength;

  @Option(names = "--seed", paramLabel = "N") Long seed;

  @Override
  public Integer call() throws IOException {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("mtc.backbone.engine", engine);
    values.put("mtc.train.max-train-per-task", maxTrainPerTask);
    values.put("mtc.train.epochs", epochs);
    values.put("mtc.train.max-steps", maxSteps);
    values.put("mtc.train.batch-size", batchSize);
    values.put("mtc.train.learning-rate", learningRate);
    values.put("mtc.train.head-learning-rate", headLearningRate);
    values.put("mtc.backbone.trainable-layers", trainableLayers);
    values.put("mtc.backbone.max-length", maxLength);
    values.put("mtc.seed", seed);
    if (backbone != null) {
      values.put("mtc.backbone.directory", backbone.toAbsolutePath().toString());
    }
    Config settings = settingsOptions.load(List.of(tasksFile), values);
    TaskSet tasks = TaskSet.from(settings);
    if (!only.isEmpty()) {
      tasks = tasks.only(new java.util.LinkedHashSet<>(only));
    }
    RunDirectory.check(out, overwrite);
    Path dataDir = DataDirectory.resolve(settings, Optional.ofNullable(settingsOptions.dataDir));
    TrainSettings train = TrainSettings.from(settings);
    List<TaskData> data = new ArrayList<>();
    for (var spec : tasks.tasks()) {
      data.add(TaskDataLoader.load(spec, dataDir, Optional.empty(), java.util.Set.of("train", "dev"),
          train.maxTrainPerTask(), train.seed()));
    }
    Path backboneDir = DefaultBackbone.resolve(Optional.ofNullable(backbone), settings);
    settings = settings.withValue("mtc.backbone.directory",
        com.typesafe.config.ConfigValueFactory.fromAnyRef(backboneDir.toAbsolutePath().toString()));
    Engines engines = Engines.discover();
    long start = System.nanoTime();
    TrainResult result;
    // Everything is checked and the backbone opens before the run directory is touched; a run that fails
    // before its first checkpoint removes what it wrote, and a replaced run goes only once the new one has one.
    try (MultitaskModel model = MultitaskModel.create(engines.open(BackboneSpec.from(settings, backboneDir)), data,
        settings); RunDirectory run = RunDirectory.start(out, overwrite);
        ProgressDisplay progress = new ProgressDisplay(System.err, train.logEvery())) {
      AtomicFiles.writeString(run.path().resolve(RunDirectory.SETTINGS), settings.getConfig("mtc").atKey("mtc")
          .root().render(com.typesafe.config.ConfigRenderOptions.defaults().setOriginComments(false)));
      AtomicFiles.writeString(run.path().resolve(RunDirectory.COMMAND), Main.commandLine() + "\n");
      result = new Trainer(train, progress).train(model, data, run.path());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.err.printf(Locale.ROOT, "trained %d steps in %s; best mean dev accuracy %.4f (round %d, step %d)%s%n",
        result.steps(), ProgressDisplay.duration((long) seconds), result.bestMeanAccuracy(), result.bestRound(),
        result.bestStep(), result.stoppedEarly() ? ", stopped early" : "");
    if (!result.bestDev().isEmpty()) {
      System.out.println(MetricsTable.format(result.bestDev()));
    }
    System.err.println("model: " + out.resolve(MultitaskModel.BEST_DIR) + "  (evaluate: bin/mtc eval --model " + out + " --split test)");
    return 0;
  }
}
