package org.mtc.tasks.compose;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mtc.core.task.TaskSpec;
import org.mtc.tasks.data.TaskDataLoader;
import org.mtc.tasks.model.FileDigest;
import org.mtc.tasks.train.TrainResult;
import org.mtc.tasks.train.TrainSettings;

/**
 * What the provenance of an add records beyond its source ({@link TaskAdd}): the inputs (the task
 * set file and each data file the new heads trained and were chosen on, with their paths and
 * SHA-256) and the training (engine, the settings that shape it, steps, the chosen round and its
 * mean dev score, time). Stateless.
 */
public final class AddRecord {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * How the new heads were trained.
   *
   * @param tasksFile the task set file the added tasks were read from (null for none, as in a
   *     merge)
   * @param dataDir the data directory their {@code data} folders are resolved against
   * @param settings the merged settings of the training ({@link TaskAdd#trainingSettings})
   * @param result what the training produced
   * @param seconds its wall time
   * @param command the command line, for the record (may be empty)
   */
  public record Training(
      Path tasksFile,
      Path dataDir,
      Config settings,
      TrainResult result,
      double seconds,
      String command) {}

  private AddRecord() {}

  /**
   * {@code {"command", "tasks_file": {path, sha256}, "data": [{task, split, path, sha256}]}}, for
   * the data of the tasks {@code read}.
   */
  static ObjectNode inputs(Training training, List<TaskSpec> read) {
    ObjectNode inputs = JSON.createObjectNode();
    if (!training.command().isEmpty()) {
      inputs.put("command", training.command());
    }
    if (training.tasksFile() != null) {
      inputs.set("tasks_file", file(training.tasksFile()));
    }
    ArrayNode data = inputs.putArray("data");
    for (TaskSpec t : read) {
      for (Map.Entry<String, Path> f :
          TaskDataLoader.files(t, training.dataDir(), Set.of("train", "dev")).entrySet()) {
        ObjectNode entry = data.addObject().put("task", t.name()).put("split", f.getKey());
        entry.setAll(file(f.getValue()));
      }
    }
    return inputs;
  }

  /**
   * The engine, the training settings that shape the model, and what the training did.
   *
   * @param encoder how the encoder trained: {@code frozen}, or the trainable layers of a student
   */
  static ObjectNode training(Training training, String encoder) {
    TrainSettings s = TrainSettings.from(training.settings());
    TrainResult r = training.result();
    ObjectNode out = JSON.createObjectNode();
    out.put("engine", training.settings().getString("mtc.backbone.engine"))
        .put("encoder", encoder)
        .put("epochs", s.epochs())
        .put("max_steps", s.maxSteps())
        .put("batch_size", s.batchSize())
        .put("head_learning_rate", s.headLearningRate())
        .put("max_train_per_task", s.maxTrainPerTask())
        .put("seed", s.seed())
        .put("steps", r.steps())
        .put("rounds", r.rounds())
        .put("best_round", r.bestRound())
        .put("best_step", r.bestStep())
        .put("stopped_early", r.stoppedEarly())
        .put("cut_by_time", r.cutByTime())
        .put("seconds", Math.round(training.seconds() * 10) / 10.0);
    if (!Double.isNaN(r.bestMeanDevScore())) {
      out.put("best_mean_dev_score", r.bestMeanDevScore());
    }
    return out;
  }

  private static ObjectNode file(Path path) {
    return JSON.createObjectNode()
        .put("path", path.toAbsolutePath().normalize().toString())
        .put("sha256", FileDigest.of(path));
  }
}
