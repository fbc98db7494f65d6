package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtc.core.Input;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.engine.Engines;
import org.mtc.core.settings.Settings;
import org.mtc.core.testing.TinyModelDirectory;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.model.ToyTasks;

/**
 * A run interrupted midway and resumed from its checkpoint ends exactly as the uninterrupted run
 * with the same seed: same weights, same evaluations (and, with {@code task-weighting =
 * uncertainty}, the same learned task weights), on the real djl engine (tiny random BERT, dropout
 * on, one thread).
 */
class ResumeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** Thrown by the listener to stop a run the way a kill would, between two steps. */
  static final class Killed extends RuntimeException {
    Killed() {
      super("killed");
    }
  }

  private Config settings() {
    return settings("none");
  }

  private Config settings(String taskWeighting) {
    Config toy = ToyTasks.settings(ToyTasks.write(tmp.resolve("data"), 60, 12, 0, 2), true, "");
    // One intra-op thread: with more, PyTorch's CPU matrix kernels may split work by the cores free
    // at the moment,
    // which changes float rounding between any two runs (resumed or not) on a busy machine.
    return Settings.load(
        List.of(),
        ConfigFactory.parseString(
                "mtc.backbone { engine = djl, max-length = 16, "
                    + "pooling = cls, dropout = 0.1, djl.threads = 1 }\nmtc.train { batch-size = 8, epochs = 3, eval-every = 7, "
                    + "checkpoint-every = 5, learning-rate = 1e-3, head-learning-rate = 1e-2, sampling = annealed, "
                    + "task-weighting = "
                    + taskWeighting
                    + ", task-weighting-rate = 0.1 }")
            .withFallback(toy.withOnlyPath("mtc.tasks")));
  }

  private static final List<Input> PROBE =
      Input.ofTexts(List.of("good pizza", "sad football", "a b c d e f"));
  private Map<String, float[][]> finalProbabilities;

  private TrainResult train(
      Config settings, List<TaskData> data, Path bert, Path out, long killAt) {
    Engines engines = Engines.discover();
    try (MultitaskModel model =
        MultitaskModel.create(engines.open(BackboneSpec.from(settings, bert)), data, settings)) {
      TrainResult r =
          new Trainer(
                  TrainSettings.from(settings),
                  new TrainingListener() {
                    @Override
                    public void step(
                        long stepIndex,
                        String task,
                        double loss,
                        double examplesPerSecond,
                        double lr) {
                      if (stepIndex == killAt) {
                        throw new Killed();
                      }
                    }
                  })
              .train(model, data, out);
      finalProbabilities = model.probabilities(PROBE);
      return r;
    }
  }

  @ParameterizedTest(name = "task-weighting = {0}")
  @ValueSource(strings = {"none", "uncertainty"})
  void aResumedRunEndsExactlyAsTheUninterruptedOne(String taskWeighting) throws Exception {
    Path bert = TinyModelDirectory.create(tmp.resolve("bert"), "bert", 32, 2, 4, 64, 64, "gelu", 3);
    Config settings = settings(taskWeighting);
    List<TaskData> data = ToyTasks.load(settings);
    Path whole = tmp.resolve("whole");
    TrainResult expected = train(settings, data, bert, whole, -1);
    Map<String, float[][]> expectedFinal = finalProbabilities;
    Path cut = tmp.resolve("cut");
    assertThatThrownBy(() -> train(settings, data, bert, cut, 17)).isInstanceOf(Killed.class);
    List<String> log = new ArrayList<>();
    Path checkpoint = ResumeCheckpoint.usable(cut, log::add).orElseThrow();
    LoopState state = ResumeCheckpoint.state(checkpoint);
    assertThat(state.step()).isEqualTo(15);
    assertThat(state.taskLogVariances() != null).isEqualTo(taskWeighting.equals("uncertainty"));
    TrainResult resumed;
    try (MultitaskModel model =
        MultitaskModel.load(ResumeCheckpoint.model(checkpoint), Engines.discover(), settings)) {
      resumed =
          new Trainer(TrainSettings.from(settings), TrainingListener.NONE)
              .resume(model, data, cut, checkpoint);
      Map<String, float[][]> resumedFinal = model.probabilities(PROBE);
      for (String task : expectedFinal.keySet()) {
        assertThat(resumedFinal.get(task))
            .as("final weights, " + task)
            .isDeepEqualTo(expectedFinal.get(task));
      }
    }
    assertThat(resumed.steps()).isEqualTo(expected.steps());
    assertThat(resumed.bestStep()).isEqualTo(expected.bestStep());
    assertThat(resumed.bestMeanDevScore()).isEqualTo(expected.bestMeanDevScore());
    JsonNode a = JSON.readTree(whole.resolve("metrics.json").toFile());
    JsonNode b = JSON.readTree(cut.resolve("metrics.json").toFile());
    assertThat(b.path("rounds")).isEqualTo(a.path("rounds"));
    assertThat(a.has("task_weights")).isEqualTo(taskWeighting.equals("uncertainty"));
    assertThat(b.path("task_weights")).isEqualTo(a.path("task_weights"));
    assertThat(Files.readAllBytes(cut.resolve("model/backbone/model.safetensors")))
        .isEqualTo(Files.readAllBytes(whole.resolve("model/backbone/model.safetensors")));
    assertThat(Files.readAllBytes(cut.resolve("model/heads.safetensors")))
        .isEqualTo(Files.readAllBytes(whole.resolve("model/heads.safetensors")));
    assertThat(cut.resolve(ResumeCheckpoint.CURRENT))
        .as("a finished run drops its checkpoints")
        .doesNotExist();
    assertThat(Files.readString(cut.resolve("train.log"))).contains("resumed from");
  }

  @Test
  void aDamagedCheckpointFallsBackToThePreviousOneAndSaysSo() throws Exception {
    Path bert = TinyModelDirectory.create(tmp.resolve("bert"), "bert", 32, 2, 4, 64, 64, "gelu", 3);
    Config settings = settings();
    List<TaskData> data = ToyTasks.load(settings);
    Path cut = tmp.resolve("cut");
    assertThatThrownBy(() -> train(settings, data, bert, cut, 12)).isInstanceOf(Killed.class);
    Path weights = cut.resolve("resume/model/backbone/model.safetensors");
    byte[] b = Files.readAllBytes(weights);
    Files.write(weights, Arrays.copyOf(b, b.length - 100));
    List<String> log = new ArrayList<>();
    Path checkpoint = ResumeCheckpoint.usable(cut, log::add).orElseThrow();
    assertThat(checkpoint.getFileName()).hasToString(ResumeCheckpoint.PREVIOUS);
    assertThat(log)
        .singleElement()
        .asString()
        .contains("is damaged")
        .contains("model.safetensors")
        .contains("trying the previous one");
    Files.delete(cut.resolve("resume.previous/state.json"));
    assertThat(ResumeCheckpoint.usable(cut, log::add)).isEmpty();
  }
}
