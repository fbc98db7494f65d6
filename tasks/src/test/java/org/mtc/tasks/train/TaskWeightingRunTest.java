package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.MtcException;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.model.ToyBackbone;
import org.mtc.tasks.model.ToyTasks;

/**
 * {@code mtc.train.task-weighting} in whole runs on the toy engine: {@code none} trains exactly as
 * before, {@code uncertainty} changes the encoder's training and reports its weights, and a
 * checkpoint written before task weighting existed still resumes as {@code none}.
 */
class TaskWeightingRunTest {
  private static final String RUN =
      "mtc.heads.dropout = 0.1\nmtc.train { epochs = 2, batch-size = 8, eval-every = 10, "
          + "learning-rate = 0.5, head-learning-rate = 0.03, sampling = annealed }\n";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** Thrown by the listener to stop a run the way a kill would, between two steps. */
  static final class Killed extends RuntimeException {
    Killed() {
      super("killed");
    }
  }

  private Config settings(String extra) {
    return ToyTasks.settings(ToyTasks.write(tmp.resolve("data"), 60, 20, 0, 3), false, RUN + extra);
  }

  private TrainResult train(Config settings, boolean trainable, Path out, long killAt) {
    List<TaskData> data = ToyTasks.load(settings);
    try (MultitaskModel model =
        MultitaskModel.create(new ToyBackbone(16, 1024, 5, trainable), data, settings)) {
      return new Trainer(TrainSettings.from(settings), killer(killAt)).train(model, data, out);
    }
  }

  private static TrainingListener killer(long killAt) {
    return new TrainingListener() {
      @Override
      public void step(long stepIndex, String task, double loss, double perSecond, double lr) {
        if (stepIndex == killAt) {
          throw new Killed();
        }
      }
    };
  }

  private static byte[] bytes(Path run, String file) throws Exception {
    return Files.readAllBytes(run.resolve("model").resolve(file));
  }

  @Test
  void noneTrainsBitwiseAsARunWithoutTheSetting() throws Exception {
    Path without = tmp.resolve("without");
    Path none = tmp.resolve("none");
    train(settings(""), true, without, -1);
    train(settings("mtc.train.task-weighting = none"), true, none, -1);
    JsonNode a = JSON.readTree(without.resolve("metrics.json").toFile());
    JsonNode b = JSON.readTree(none.resolve("metrics.json").toFile());
    assertThat(b.path("rounds")).isEqualTo(a.path("rounds"));
    assertThat(b.has("task_weights")).isFalse();
    assertThat(bytes(none, "backbone/model.safetensors"))
        .isEqualTo(bytes(without, "backbone/model.safetensors"));
    assertThat(bytes(none, "heads.safetensors")).isEqualTo(bytes(without, "heads.safetensors"));
    assertThat(Files.readString(none.resolve("train.log"))).doesNotContain("task weights");
  }

  @Test
  void uncertaintyWeightsTheEncodersTrainingAndReportsTheWeights() throws Exception {
    Path none = tmp.resolve("none");
    Path weighted = tmp.resolve("weighted");
    train(settings(""), true, none, -1);
    TrainResult r =
        train(
            settings("mtc.train { task-weighting = uncertainty, task-weighting-rate = 0.2 }"),
            true,
            weighted,
            -1);
    assertThat(bytes(weighted, "backbone/model.safetensors"))
        .isNotEqualTo(bytes(none, "backbone/model.safetensors"));
    List<String> lines =
        Files.readAllLines(weighted.resolve("train.log")).stream()
            .filter(l -> l.startsWith("task weights: "))
            .toList();
    assertThat(lines).hasSize(r.rounds());
    assertThat(lines.get(0)).matches("task weights: sentiment \\d\\.\\d{4}, topic \\d\\.\\d{4}");
    JsonNode weights =
        JSON.readTree(weighted.resolve("metrics.json").toFile()).path("task_weights");
    assertThat(weights.path("sentiment").asDouble()).isPositive().isNotEqualTo(1.0);
    assertThat(weights.path("topic").asDouble()).isPositive().isNotEqualTo(1.0);
    Map<String, Double> last = new LinkedHashMap<>();
    last.put("sentiment", weights.path("sentiment").asDouble());
    last.put("topic", weights.path("topic").asDouble());
    assertThat(lines.get(lines.size() - 1))
        .as("the last evaluation follows the last step")
        .isEqualTo(TaskWeightLog.line(last));
  }

  @Test
  void aCheckpointFromBeforeTaskWeightingResumesAsNoneAndIsRefusedForUncertainty()
      throws Exception {
    String frozen = "mtc.backbone.trainable-layers = 0\n"; // the toy engine resumes only frozen
    Config none = settings(frozen);
    Path whole = tmp.resolve("whole");
    train(none, false, whole, -1);
    Path cut = tmp.resolve("cut");
    assertThatThrownBy(() -> train(none, false, cut, 13)).isInstanceOf(Killed.class);
    Path checkpoint = ResumeCheckpoint.usable(cut, m -> {}).orElseThrow();
    Path state = checkpoint.resolve(ResumeCheckpoint.STATE);
    ObjectNode json = (ObjectNode) JSON.readTree(state.toFile());
    assertThat(json.path("loop").has("taskLogVariances")).isTrue();
    ((ObjectNode) json.path("loop")).remove("taskLogVariances"); // as an older mtc wrote it
    Files.write(state, JSON.writeValueAsBytes(json));
    Config uncertainty = settings(frozen + "mtc.train.task-weighting = uncertainty");
    assertThatThrownBy(() -> resume(uncertainty, checkpoint, cut))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("has no task weights")
        .hasMessageContaining("mtc.train.task-weighting = uncertainty");
    resume(none, checkpoint, cut);
    JsonNode a = JSON.readTree(whole.resolve("metrics.json").toFile());
    JsonNode b = JSON.readTree(cut.resolve("metrics.json").toFile());
    assertThat(b.path("rounds")).isEqualTo(a.path("rounds"));
    assertThat(Arrays.equals(bytes(cut, "heads.safetensors"), bytes(whole, "heads.safetensors")))
        .as("the best heads of the resumed and the uninterrupted run are the same bytes")
        .isTrue();
  }

  private static void resume(Config settings, Path checkpoint, Path out) {
    List<TaskData> data = ToyTasks.load(settings);
    try (MultitaskModel model =
        MultitaskModel.load(ResumeCheckpoint.model(checkpoint), ToyBackbone.engines(), settings)) {
      new Trainer(TrainSettings.from(settings), TrainingListener.NONE)
          .resume(model, data, out, checkpoint);
    }
  }
}
