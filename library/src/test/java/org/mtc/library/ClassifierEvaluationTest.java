package org.mtc.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mtc.core.Input;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.core.engine.Engines;
import org.mtc.core.settings.Settings;
import org.mtc.core.task.TaskSpec;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.data.TaskDataLoader;
import org.mtc.tasks.eval.TaskMetrics;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.Evaluator;

/**
 * Evaluator scores whatever Mtc.open opens: a model directory gives the numbers of the
 * MultitaskModel path the trainer uses, and its exported graph gives the same, for a single-label
 * and a multi-label task.
 */
class ClassifierEvaluationTest {
  private static final Path run = fixture();

  private static Path fixture() {
    TrainedFixture.ensure();
    return TrainedFixture.run;
  }

  @Test
  void aDirectoryAndItsExportScoreAsTheTrainersEvaluatorDoes() {
    var settings =
        Settings.load(List.of(), ConfigFactory.empty())
            .withValue("mtc.backbone.trainable-layers", ConfigValueFactory.fromAnyRef("frozen"));
    try (MultitaskModel model = MultitaskModel.load(run, Engines.discover(), settings);
        Classifier dir =
            Mtc.open(run, MtcOptions.defaults().config(ConfigFactory.empty()).batchSize(4));
        Classifier onnx =
            Mtc.open(
                TrainedFixture.exported, MtcOptions.defaults().config(ConfigFactory.empty()))) {
      Map<String, List<Example>> test = new LinkedHashMap<>();
      for (TaskSpec spec : dir.tasks().tasks()) {
        test.put(
            spec.name(),
            TaskDataLoader.load(
                    spec,
                    run.getParent().resolve("data"),
                    Optional.of(new LabelSpace(spec.name(), spec.labels())),
                    Set.of("test"),
                    0,
                    0)
                .test());
      }
      Map<String, TaskMetrics> trainer = new Evaluator(4).evaluate(model, test);
      assertThat(trainer).containsOnlyKeys("mood", "tags");
      assertThat(Evaluator.toJson(Evaluator.score(dir, test))).isEqualTo(Evaluator.toJson(trainer));
      assertThat(Evaluator.toJson(Evaluator.score(onnx, test)))
          .isEqualTo(Evaluator.toJson(trainer));
      assertThat(onnx.tasks().names()).isEqualTo(dir.tasks().names());
      assertThat(onnx.tasks().task("tags").kind()).isEqualTo(dir.tasks().task("tags").kind());
      assertThat(onnx.engine()).isEqualTo("onnx");
      assertThat(dir.engine())
          .as("a model directory predicts on mtc.inference.engine by default")
          .isEqualTo("onnx");
    }
  }

  @Test
  void oneTasksAnswersAreThoseOfEveryTasksPrediction() {
    List<Input> inputs =
        List.of(Input.of("a good day"), Input.withContext("hi", "tag text 3"), Input.of(""));
    for (Path model : List.of(run, TrainedFixture.exported)) {
      try (Classifier mtc =
          Mtc.open(model, MtcOptions.defaults().config(ConfigFactory.empty()).batchSize(2))) {
        var all = mtc.predict(inputs);
        for (String task : mtc.labels().keySet()) {
          var one = mtc.predict(task, inputs);
          for (int i = 0; i < inputs.size(); i++) {
            assertThat(one.get(i).labels()).isEqualTo(all.get(i).task(task).labels());
            assertThat(one.get(i).probabilities()).isEqualTo(all.get(i).task(task).probabilities());
          }
        }
        assertThatThrownBy(() -> mtc.predict("mod", inputs))
            .isInstanceOf(MtcException.class)
            .hasMessageContaining("mod")
            .hasMessageContaining("mood");
      }
    }
  }
}
