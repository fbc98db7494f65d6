package org.mtc.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.MtcException;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.engine.Engines;
import org.mtc.core.model.ModelDirectory;
import org.mtc.core.settings.Settings;
import org.mtc.core.task.TaskSet;
import org.mtc.core.task.TaskSpec;
import org.mtc.core.testing.TinyModelDirectory;
import org.mtc.onnx.graph.OnnxExport;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.data.TaskDataLoader;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.model.TasksConf;
import org.mtc.tasks.train.Trainer;
import org.mtc.tasks.train.TrainSettings;
import org.mtc.tasks.train.TrainingListener;

/** Mtc.open serves a trained directory and its exported graph alike, typed, thread-safe and read-only. */
class MtcTest {
  @TempDir static Path tmp;
  static Path run;
  static Path exported;

  @BeforeAll
  static void trainAndExport() throws IOException {
    Path bert = TinyModelDirectory.create(tmp.resolve("bert"), "bert", 7);
    Path data = tmp.resolve("data");
    write(data.resolve("mood"), "label", i -> i % 2 == 0 ? "a good day" : "a bad day",
        i -> i % 2 == 0 ? "good" : "bad");
    write(data.resolve("tags"), "labels", i -> "tag text " + i, i -> i % 3 == 0 ? "x|y" : "y");
    Config settings = Settings.load(List.of(), ConfigFactory.parseString(
        "mtc.tasks { mood { data = mood }, tags { data = tags, kind = multi-label } }\n"
        + "mtc.backbone { engine = djl, max-length = 16 }\n"
        + "mtc.train { batch-size = 4, max-steps = 3, max-eval-per-task = 8 }"));
    List<TaskData> taskData = new ArrayList<>();
    for (TaskSpec spec : TaskSet.from(settings).tasks()) {
      taskData.add(TaskDataLoader.load(spec, data, Optional.empty(), Set.of("train", "dev", "test"), 0, 0));
    }
    run = tmp.resolve("run");
    try (MultitaskModel model = MultitaskModel.create(Engines.discover().open(BackboneSpec.from(settings, bert)),
        taskData, settings)) {
      new Trainer(TrainSettings.from(settings), TrainingListener.NONE).train(model, taskData, run);
    }
    Path dir = run.resolve(MultitaskModel.BEST_DIR);
    TasksConf conf = TasksConf.read(dir.resolve(TasksConf.FILE));
    exported = tmp.resolve("mt.onnx");
    try (MultitaskModel model = MultitaskModel.load(run, Engines.discover(), settings.withValue(
        "mtc.backbone.trainable-layers", com.typesafe.config.ConfigValueFactory.fromAnyRef("frozen")))) {
      OnnxExport.write(OnnxExport.multitask(ModelDirectory.open(dir.resolve(MultitaskModel.BACKBONE_DIR)),
          conf.pooling(), conf.maxLength(), model.heads(), conf.render(), false), exported);
    }
  }

  @Test
  void aTrainedDirectoryAnswersWithTypedPredictions() {
    try (Classifier mtc = Mtc.open(run, MtcOptions.defaults().config(ConfigFactory.empty()))) {
      Prediction p = mtc.predict("a good day");
      assertThat(p.task("mood").label()).isIn("good", "bad");
      assertThat(p.task("mood").probabilities()).containsOnlyKeys("bad", "good");
      assertThat(p.task("mood").probability("good") + p.task("mood").probability("bad")).isCloseTo(1f, within(1e-5f));
      assertThat(p.task("tags").labels()).isSubsetOf("x", "y");
      assertThat(mtc.labels()).containsOnlyKeys("mood", "tags");
      assertThatThrownBy(() -> p.task("tags").label()).isInstanceOf(MtcException.class)
          .hasMessageContaining("multi-label").hasMessageContaining("labels()");
      assertThatThrownBy(() -> p.task("topic")).isInstanceOf(MtcException.class)
          .hasMessageContaining("no task 'topic'").hasMessageContaining("mood");
      assertThat(mtc.predict(Input.withContext("how was it?", "a good day")).input().context())
          .isEqualTo("how was it?");
    }
  }

  @Test
  void anExportedGraphAnswersAsTheDirectoryDoes() {
    List<Input> inputs = List.of(Input.of("a good day"), Input.of("a bad day"), Input.of("tag text 3"), Input.of(""));
    try (Classifier dir = Mtc.open(run, MtcOptions.defaults().config(ConfigFactory.empty()));
        Classifier onnx = Mtc.open(exported, MtcOptions.defaults().config(ConfigFactory.empty()))) {
      assertThat(onnx.labels()).isEqualTo(dir.labels());
      List<Prediction> a = dir.predict(inputs);
      List<Prediction> b = onnx.predict(inputs);
      for (int i = 0; i < inputs.size(); i++) {
        for (String task : dir.labels().keySet()) {
          TaskPrediction got = b.get(i).task(task);
          assertThat(got.labels()).isEqualTo(a.get(i).task(task).labels());
          a.get(i).task(task).probabilities().forEach((label, p) ->
              assertThat(got.probability(label)).isCloseTo(p, within(1e-4f)));
        }
      }
    }
  }

  @Test
  void predictionIsThreadSafe() {
    List<Input> inputs = IntStream.range(0, 64).mapToObj(i -> Input.of("tag text " + i)).toList();
    try (Classifier mtc = Mtc.open(run, MtcOptions.defaults().config(ConfigFactory.empty()).batchSize(8))) {
      List<Prediction> sequential = mtc.predict(inputs);
      List<Prediction> parallel = inputs.parallelStream().map(mtc::predict).toList();
      for (int i = 0; i < inputs.size(); i++) {
        assertThat(parallel.get(i).task("tags").labels()).isEqualTo(sequential.get(i).task("tags").labels());
        assertThat(parallel.get(i).task("mood").probability("good"))
            .isCloseTo(sequential.get(i).task("mood").probability("good"), within(1e-5f));
      }
    }
  }

  @Test
  void openingReadsAndNeverWrites() throws IOException {
    List<String> before = listing(run);
    try (Classifier mtc = Mtc.open(run, MtcOptions.defaults().config(ConfigFactory.empty()))) {
      mtc.predict("a good day");
    }
    assertThat(listing(run)).isEqualTo(before);
  }

  @Test
  void settingsComeFromOptionsThenApplicationConfigAndBadOnesAreNamed() {
    assertThatThrownBy(() -> Mtc.open(run, MtcOptions.defaults().config(ConfigFactory.empty()).engine("pytorch")))
        .isInstanceOf(MtcException.class).hasMessageContaining("pytorch");
    assertThatThrownBy(() -> Mtc.open(run, MtcOptions.defaults().config(ConfigFactory.parseString(
        "mtc.backbone.enigne = onnx")))).isInstanceOf(MtcException.class).hasMessageContaining("enigne");
    try (Classifier onnx = Mtc.open(run, MtcOptions.defaults().config(ConfigFactory.parseString(
        "mtc.backbone.engine = onnx")))) {
      assertThat(onnx.toString()).contains("onnx");
    }
    System.setProperty("mtc.backbone.engine", "nosuchengine");
    ConfigFactory.invalidateCaches();
    try {
      assertThatThrownBy(() -> Mtc.open(run)).isInstanceOf(MtcException.class).hasMessageContaining("nosuchengine");
    } finally {
      System.clearProperty("mtc.backbone.engine");
      ConfigFactory.invalidateCaches();
    }
  }

  @Test
  void pathsThatAreNoModelAreNamed() throws IOException {
    Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
    assertThatThrownBy(() -> Mtc.open(text)).isInstanceOf(MtcException.class).hasMessageContaining("notes.txt")
        .hasMessageContaining(".onnx");
    assertThatThrownBy(() -> Mtc.open(tmp.resolve("missing"), MtcOptions.defaults().config(ConfigFactory.empty())))
        .isInstanceOf(MtcException.class).hasMessageContaining("missing");
    assertThatThrownBy(() -> Input.of(null)).isInstanceOf(MtcException.class);
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.map(p -> dir.relativize(p) + ":" + p.toFile().length() + ":" + p.toFile().lastModified()).sorted()
          .toList();
    }
  }

  private static void write(Path dir, String labelColumn, java.util.function.IntFunction<String> text,
      java.util.function.IntFunction<String> label) throws IOException {
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
