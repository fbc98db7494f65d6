package org.mtc.tasks.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.Input;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.engine.Engines;
import org.mtc.core.settings.Settings;
import org.mtc.core.testing.TinyModelDirectory;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.train.TrainResult;
import org.mtc.tasks.train.TrainSettings;
import org.mtc.tasks.train.Trainer;
import org.mtc.tasks.train.TrainingListener;

/**
 * The one test on a real engine: a tiny random BERT fine-tuned a few steps by DJL, saved and loaded
 * again.
 */
class DjlModelRoundTripTest {
  private static final List<Input> TEXTS =
      Input.ofTexts(List.of("the pizza was good", "football and software", "", "sad robot"));

  @TempDir Path tmp;

  @Test
  void aFineTunedModelLoadsBackWithTheSameProbabilities() {
    Path bert = TinyModelDirectory.create(tmp.resolve("bert"), "bert", 32, 2, 4, 64, 64, "gelu", 3);
    Config toy = ToyTasks.settings(ToyTasks.write(tmp.resolve("data"), 24, 8, 0, 2), true, "");
    Config settings =
        Settings.load(
            List.of(),
            ConfigFactory.parseString(
                    "mtc.backbone { engine = djl, "
                        + "max-length = 16, pooling = cls }\nmtc.train { batch-size = 8, max-steps = 4, learning-rate = 1e-3, "
                        + "head-learning-rate = 1e-2 }")
                .withFallback(toy.withOnlyPath("mtc.tasks")));
    List<TaskData> data = ToyTasks.load(settings);
    Engines engines = Engines.discover();
    Map<String, float[][]> before;
    TrainResult result;
    try (MultitaskModel model =
        MultitaskModel.create(engines.open(BackboneSpec.from(settings, bert)), data, settings)) {
      Map<String, float[][]> untrained = model.probabilities(TEXTS);
      result =
          new Trainer(TrainSettings.from(settings), TrainingListener.NONE)
              .train(model, data, tmp.resolve("run"));
      before = model.probabilities(TEXTS);
      assertThat(before.get("sentiment")[0][0]).isNotEqualTo(untrained.get("sentiment")[0][0]);
    }
    assertThat(result.bestStep()).isEqualTo(4);
    assertThat(result.bestModel().resolve("backbone/tokenizer.json")).isRegularFile();
    try (MultitaskModel loaded = MultitaskModel.load(tmp.resolve("run"), engines, settings)) {
      assertThat(loaded.pooling()).hasToString("CLS");
      Map<String, float[][]> after = loaded.probabilities(TEXTS);
      for (String task : before.keySet()) {
        for (int i = 0; i < TEXTS.size(); i++) {
          assertThat(after.get(task)[i])
              .as(task + " text " + i)
              .containsExactly(before.get(task)[i], within(1e-6f));
        }
      }
    }
  }
}
