package org.mtc.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.Input;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.core.TaskHead;
import org.mtc.core.TaskKind;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.core.settings.Settings;
import org.mtc.core.task.TaskSet;
import org.mtc.core.task.TaskSpec;
import org.mtc.core.testing.TinyModelDirectory;
import org.mtc.heads.HeadSettings;
import org.mtc.heads.Heads;
import org.mtc.onnx.ExportedModel;
import org.mtc.onnx.OnnxSettings;
import org.mtc.onnx.graph.OnnxExport;
import org.mtc.onnx.importer.OnnxFiles;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.data.TaskDataLoader;
import org.mtc.tasks.eval.MetricsTable;
import org.mtc.tasks.eval.TaskMetrics;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.predict.Decisions;
import org.mtc.tasks.predict.Evaluator;
import org.mtc.tasks.predict.Predictor;
import org.mtc.tasks.train.TrainSettings;
import org.mtc.tasks.train.Trainer;
import org.mtc.tasks.train.TrainingListener;

/**
 * The test-only third kind {@link OrdinalKind}, registered by this module's test resources only,
 * goes through mtc like the built-in kinds: read from a task set and a data file, trained (loss and
 * gradient), saved and loaded, predicted, evaluated with its own score and exported to an ONNX
 * graph that gives the same outputs and grades.
 */
class OrdinalKindTest {
  private static final String[] CUES = {"awful", "okay", "superb"};
  private static final String[] GRADES = {"low", "mid", "high"};
  private static final String[] NOUNS = {"pizza", "film", "robot", "tennis"};

  @TempDir Path tmp;

  @Test
  void aTaskSetNamesTheKindAndItsDefaultColumn() {
    assertThat(TaskKind.parse("ordinal", "test")).isInstanceOf(OrdinalKind.class);
    TaskSpec spec = TaskSet.from(settings(Path.of("/data"))).task("rating");
    assertThat(spec.kind()).isSameAs(TaskKind.parse("ordinal", "test"));
    assertThat(spec.labelColumn()).isEqualTo("grade");
    assertThatThrownBy(() -> TaskKind.parse("ordinl", "tasks.conf:2"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("did you mean 'ordinal'?")
        .hasMessageEndingWith("use one of single-label, multi-label, ordinal");
  }

  @Test
  void theHeadsGradientIsTheLossDerivative() {
    TaskKind kind = TaskKind.named("ordinal");
    TaskHead head =
        Heads.create(
            "rating",
            kind,
            new LabelSpace("rating", List.of(GRADES)),
            5,
            new HeadSettings(true, 0, 0.5, false),
            3);
    float[][] x = {{0.3f, -1f, 0.5f, 2f, 0.1f}, {1f, 0.2f, -0.4f, 0f, 0.7f}};
    float[][] targets = {kind.target(new int[] {1}, 3), kind.target(new int[] {2}, 3)};
    assertThat(targets[0]).containsExactly(1f, 1f, 0f);
    float[][] dx = head.forwardBackward(x, targets, 1).pooledGradient();
    double eps = 1e-2;
    for (int b = 0; b < x.length; b++) {
      for (int i = 0; i < x[b].length; i++) {
        float saved = x[b][i];
        x[b][i] = (float) (saved + eps);
        double plus = head.forwardBackward(x, targets, 1).loss();
        x[b][i] = (float) (saved - eps);
        double minus = head.forwardBackward(x, targets, 1).loss();
        x[b][i] = saved;
        assertThat((double) dx[b][i])
            .as("d loss / d x[" + b + "][" + i + "]")
            .isCloseTo((plus - minus) / (2 * eps), Offset.offset(2e-3));
      }
    }
    assertThatThrownBy(() -> head.forwardBackward(x, new float[][] {{0, 1, 0}, {1, 0, 0}}, 1))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("ordinal targets");
  }

  @Test
  void trainsPredictsEvaluatesAndExportsToOnnx() throws Exception {
    Path bert =
        TinyModelDirectory.create(tmp.resolve("bert"), "bert", 32, 2, 4, 64, 64, "gelu", 11);
    Config settings = settings(writeData(tmp.resolve("data")));
    TaskSpec spec = TaskSet.from(settings).task("rating");
    List<TaskData> data =
        List.of(
            TaskDataLoader.load(
                spec, Path.of("/"), Optional.empty(), Set.of("train", "dev", "test"), 0, 1));
    Path run = tmp.resolve("run");
    try (MultitaskModel model =
        MultitaskModel.create(
            EngineFixtures.ENGINES.open(BackboneSpec.from(settings, bert)), data, settings)) {
      new Trainer(TrainSettings.from(settings), TrainingListener.NONE).train(model, data, run);
    }
    try (MultitaskModel model = MultitaskModel.load(run, EngineFixtures.ENGINES, settings)) {
      assertThat(model.head("rating").kind()).isInstanceOf(OrdinalKind.class);
      TaskMetrics test = new Evaluator(8).evaluate(model, data, "test").get("rating");
      assertThat(test.scores()).containsOnlyKeys("accuracy", "macro_f1", "mae");
      assertThat(test.accuracy()).as("test accuracy").isGreaterThanOrEqualTo(0.9);
      assertThat(test.extra().get("mae")).isLessThanOrEqualTo(0.1);
      assertThat(MetricsTable.format(Map.of("rating", test)))
          .startsWith("task    n   accuracy  macro-F1  micro-F1  mae");
      List<Map<String, Object>> answers =
          new Predictor(model, 4)
              .predict(List.of(Input.of("the pizza was superb"), Input.of("the film was awful")));
      assertThat(
              answers.stream()
                  .map(
                      a ->
                          (Object)
                              ((Map<?, ?>) ((Map<?, ?>) a.get("tasks")).get("rating")).get("label"))
                  .toList())
          .containsExactly("high", "low");
      assertExportGivesTheSameOutputsAndGrades(
          model, run.resolve("model").resolve(MultitaskModel.BACKBONE_DIR));
    }
  }

  private void assertExportGivesTheSameOutputsAndGrades(MultitaskModel model, Path backbone) {
    Path file = tmp.resolve("model.onnx");
    OnnxExport.write(
        OnnxExport.multitask(
            HfBackboneDirectory.open(backbone),
            model.pooling(),
            model.conf().maxLength(),
            model.heads(),
            model.conf().render()),
        file);
    assertThat(OnnxFiles.read(file).getGraph().getNodeList())
        .anyMatch(n -> n.getOpType().equals("Identity") && n.getOutput(0).equals("rating"));
    List<String> texts = new ArrayList<>(EngineFixtures.TEXTS);
    texts.addAll(List.of("the robot was okay", "tennis superb", "awful awful"));
    List<Input> inputs = Input.ofTexts(texts);
    float[][] java = model.probabilities(inputs).get("rating");
    try (ExportedModel onnx = ExportedModel.open(file, OnnxSettings.DEFAULTS)) {
      assertThat(onnx.kind("rating")).isInstanceOf(OrdinalKind.class);
      float[][] exported = onnx.probabilities(inputs).get("rating");
      assertThat(EngineFixtures.maxAbsDiff(exported, java)).isLessThan(1e-4);
      TaskHead head = model.head("rating");
      var grades =
          new Decisions.Task(
                  "rating",
                  onnx.kind("rating"),
                  onnx.labels().get("rating"),
                  onnx.thresholds("rating"))
              .decide(exported);
      var expected =
          new Decisions.Task("rating", head.kind(), head.labels().labels(), head.thresholds())
              .decide(java);
      assertThat(grades)
          .extracting(p -> p.label())
          .isEqualTo(expected.stream().map(p -> p.label()).toList());
    }
  }

  private static Config settings(Path data) {
    return Settings.load(
        List.of(),
        ConfigFactory.parseString(
            "mtc.backbone { engine = onnx, pooling = mean, "
                + "max-length = 16, trainable-layers = frozen }\n"
                + "mtc.heads { init-std = 0.1, pooler = false, dropout = 0 }\n"
                + "mtc.train { batch-size = 8, epochs = 40, head-learning-rate = 0.05 }\n"
                + "mtc.tasks { rating { data = "
                + ConfigUtil.quoteString(data.toString())
                + ", kind = ordinal, labels = [low, mid, high] } }\n"));
  }

  /** Texts "the <noun> was <cue>" graded by their cue word, in the column {@code grade}. */
  private static Path writeData(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String split : List.of("train", "dev", "test")) {
      List<String> lines = new ArrayList<>(List.of("text\tgrade"));
      for (int i = 0; i < (split.equals("train") ? 48 : 12); i++) {
        int grade = i % 3;
        lines.add(
            "the " + NOUNS[(i / 3) % NOUNS.length] + " was " + CUES[grade] + "\t" + GRADES[grade]);
      }
      Files.write(dir.resolve(split + ".tsv"), lines);
    }
    return dir;
  }
}
