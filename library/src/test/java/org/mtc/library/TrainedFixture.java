package org.mtc.library;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.engine.Engines;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.core.settings.Settings;
import org.mtc.core.task.TaskSet;
import org.mtc.core.task.TaskSpec;
import org.mtc.core.testing.TinyModelDirectory;
import org.mtc.onnx.graph.OnnxExport;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.data.TaskDataLoader;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.model.TasksConf;
import org.mtc.tasks.train.TrainSettings;
import org.mtc.tasks.train.Trainer;
import org.mtc.tasks.train.TrainingListener;

/**
 * A tiny random BERT trained for three steps on two toy tasks (mood: single-label good/bad; tags:
 * multi-label x/y), saved as a run directory and exported as one .onnx graph; built once per test
 * JVM.
 */
final class TrainedFixture {
  private static Path tmp;
  static Path run;
  static Path exported;

  private TrainedFixture() {}

  static synchronized void ensure() {
    if (run != null) {
      return;
    }
    try {
      tmp = Files.createTempDirectory("mtc-library-test");
      trainAndExport();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void trainAndExport() throws IOException {
    Path bert = TinyModelDirectory.create(tmp.resolve("bert"), "bert", 7);
    Path data = tmp.resolve("data");
    write(
        data.resolve("mood"),
        "label",
        i -> i % 2 == 0 ? "a good day" : "a bad day",
        i -> i % 2 == 0 ? "good" : "bad");
    write(data.resolve("tags"), "labels", i -> "tag text " + i, i -> i % 3 == 0 ? "x|y" : "y");
    Config settings =
        Settings.load(
            List.of(),
            ConfigFactory.parseString(
                "mtc.tasks { mood { data = mood }, tags { data = tags, kind = multi-label } }\n"
                    + "mtc.backbone { engine = djl, max-length = 16 }\n"
                    + "mtc.train { batch-size = 4, max-steps = 3, max-eval-per-task = 8 }"));
    List<TaskData> taskData = new ArrayList<>();
    for (TaskSpec spec : TaskSet.from(settings).tasks()) {
      taskData.add(
          TaskDataLoader.load(spec, data, Optional.empty(), Set.of("train", "dev", "test"), 0, 0));
    }
    run = tmp.resolve("run");
    try (MultitaskModel model =
        MultitaskModel.create(
            Engines.discover().open(BackboneSpec.from(settings, bert)), taskData, settings)) {
      new Trainer(TrainSettings.from(settings), TrainingListener.NONE).train(model, taskData, run);
    }
    Path dir = run.resolve(MultitaskModel.BEST_DIR);
    TasksConf conf = TasksConf.read(dir.resolve(TasksConf.FILE));
    exported = tmp.resolve("mt.onnx");
    try (MultitaskModel model =
        MultitaskModel.load(
            run,
            Engines.discover(),
            settings.withValue(
                "mtc.backbone.trainable-layers", ConfigValueFactory.fromAnyRef("frozen")))) {
      OnnxExport.write(
          OnnxExport.multitask(
              HfBackboneDirectory.open(dir.resolve(MultitaskModel.BACKBONE_DIR)),
              conf.pooling(),
              conf.maxLength(),
              model.heads(),
              conf.render(),
              false),
          exported);
    }
  }

  private static void write(
      Path dir, String labelColumn, IntFunction<String> text, IntFunction<String> label)
      throws IOException {
    Files.createDirectories(dir);
    for (String split : List.of("train", "dev", "test")) {
      List<String> lines = new ArrayList<>(List.of("text\t" + labelColumn));
      for (int i = 0; i < 16; i++) {
        lines.add(text.apply(i) + "\t" + label.apply(i));
      }
      Files.write(dir.resolve(split + ".tsv"), lines);
    }
  }
}
