package org.mtc.serve;

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
 * A tiny random BERT trained for three steps on three toy tasks with DREAM names (mood as both
 * emotion_classification and mood_classification; toxic as toxic_classification with labels toxic,
 * not_toxic; reply as midas_classification, reading the previous utterance as context) and one
 * without (tags, multi-label), exported as one .onnx graph, which the tests serve; built once per
 * test JVM.
 */
final class ServedModel {
  private static Path onnx;

  private ServedModel() {}

  static synchronized Path onnx() {
    if (onnx == null) {
      try {
        onnx = build(Files.createTempDirectory("mtc-serve-test"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return onnx;
  }

  private static Path build(Path tmp) throws IOException {
    Path bert = TinyModelDirectory.create(tmp.resolve("bert"), "bert", 7);
    Path data = tmp.resolve("data");
    writeToyTasks(data);
    Config settings =
        Settings.load(
            List.of(),
            ConfigFactory.parseString(
                "mtc.tasks { mood { data = mood, labels = [anger, joy], dream-name = [emotion_classification, mood_classification] }\n"
                    + " toxic { data = toxic, labels = [toxic, not_toxic], dream-name = toxic_classification }\n"
                    + " reply { data = reply, context-column = bot_utterance, dream-name = midas_classification }\n"
                    + " tags { data = tags, kind = multi-label } }\n"
                    + "mtc.backbone { engine = djl, max-length = 16 }\n"
                    + "mtc.train { batch-size = 4, max-steps = 3, max-eval-per-task = 8 }"));
    List<TaskData> taskData = new ArrayList<>();
    for (TaskSpec spec : TaskSet.from(settings).tasks()) {
      taskData.add(
          TaskDataLoader.load(spec, data, Optional.empty(), Set.of("train", "dev", "test"), 0, 0));
    }
    Path run = tmp.resolve("run");
    try (MultitaskModel model =
        MultitaskModel.create(
            Engines.discover().open(BackboneSpec.from(settings, bert)), taskData, settings)) {
      new Trainer(TrainSettings.from(settings), TrainingListener.NONE).train(model, taskData, run);
    }
    Path dir = run.resolve(MultitaskModel.BEST_DIR);
    TasksConf conf = TasksConf.read(dir.resolve(TasksConf.FILE));
    Path exported = tmp.resolve("mt.onnx");
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
    return exported;
  }

  /** The train, dev and test splits of the four toy tasks under {@code data}. */
  private static void writeToyTasks(Path data) throws IOException {
    write(
        data.resolve("mood"),
        "text\tlabel",
        i -> (i % 2 == 0 ? "a good day" : "a bad day") + "\t" + (i % 2 == 0 ? "joy" : "anger"));
    write(
        data.resolve("toxic"),
        "text\tlabel",
        i -> "words " + i + "\t" + (i % 2 == 0 ? "toxic" : "not_toxic"));
    write(
        data.resolve("reply"),
        "text\tlabel\tbot_utterance",
        i ->
            "yes\t"
                + (i % 2 == 0 ? "pos_answer" : "statement")
                + "\t"
                + (i % 2 == 0 ? "do you like it?" : "i am a bot."));
    write(
        data.resolve("tags"),
        "text\tlabels",
        i -> "tag text " + i + "\t" + (i % 3 == 0 ? "x|y" : "y"));
  }

  private static void write(Path dir, String header, IntFunction<String> row) throws IOException {
    Files.createDirectories(dir);
    for (String split : List.of("train", "dev", "test")) {
      List<String> lines = new ArrayList<>(List.of(header));
      for (int i = 0; i < 16; i++) {
        lines.add(row.apply(i));
      }
      Files.write(dir.resolve(split + ".tsv"), lines);
    }
  }
}
