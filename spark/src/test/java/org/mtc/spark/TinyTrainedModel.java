package org.mtc.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.engine.Engines;
import org.mtc.core.settings.Settings;
import org.mtc.core.task.TaskSet;
import org.mtc.core.task.TaskSpec;
import org.mtc.core.testing.TinyModelDirectory;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.data.TaskDataLoader;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.train.TrainSettings;
import org.mtc.tasks.train.Trainer;
import org.mtc.tasks.train.TrainingListener;

/**
 * A tiny random BERT trained for two steps on two toy tasks (mood: single-label good/bad, reading a
 * dialog context; tags: multi-label x/y), saved as a run directory once per test JVM (as the
 * library tests' fixture).
 */
final class TinyTrainedModel {
  private static Path run;

  private TinyTrainedModel() {}

  static synchronized Path run() {
    if (run == null) {
      try {
        run = train(Files.createTempDirectory("mtc-spark-test"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return run;
  }

  private static Path train(Path tmp) throws IOException {
    Path bert = TinyModelDirectory.create(tmp.resolve("bert"), "bert", 7);
    Path data = tmp.resolve("data");
    for (String task : List.of("mood", "tags")) {
      Files.createDirectories(data.resolve(task));
      for (String split : List.of("train", "dev", "test")) {
        List<String> lines =
            new ArrayList<>(List.of(task.equals("mood") ? "text\tlabel\tcontext" : "text\tlabels"));
        for (int i = 0; i < 8; i++) {
          lines.add(
              task.equals("mood")
                  ? "day " + i + "\t" + (i % 2 == 0 ? "good" : "bad") + "\thow was it?"
                  : "tag " + i + "\t" + (i % 3 == 0 ? "x|y" : "y"));
        }
        Files.write(data.resolve(task).resolve(split + ".tsv"), lines);
      }
    }
    Config settings =
        Settings.load(
            List.of(),
            ConfigFactory.parseString(
                "mtc.tasks { mood { data = mood, context-column = context }, tags { data = tags, kind = multi-label } }\n"
                    + "mtc.backbone { engine = djl, max-length = 16 }\n"
                    + "mtc.train { batch-size = 4, max-steps = 2, max-eval-per-task = 4 }"));
    List<TaskData> taskData = new ArrayList<>();
    for (TaskSpec spec : TaskSet.from(settings).tasks()) {
      taskData.add(
          TaskDataLoader.load(spec, data, Optional.empty(), Set.of("train", "dev", "test"), 0, 0));
    }
    Path out = tmp.resolve("run");
    try (MultitaskModel model =
        MultitaskModel.create(
            Engines.discover().open(BackboneSpec.from(settings, bert)), taskData, settings)) {
      new Trainer(TrainSettings.from(settings), TrainingListener.NONE).train(model, taskData, out);
    }
    return out;
  }
}
