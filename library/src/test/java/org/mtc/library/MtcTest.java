package org.mtc.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.io.FileTrees;
import org.mtc.core.settings.Settings;
import org.mtc.core.testing.TinyModelDirectory;
import org.mtc.tasks.model.ModelFormat;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.model.TasksConf;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.Prediction;
import org.mtc.tasks.predict.TaskPrediction;

/**
 * Mtc.open serves a trained directory and its exported graph alike, typed, thread-safe and
 * read-only.
 */
class MtcTest {
  private static final Path run = fixture();
  private static final Path exported = TrainedFixture.exported;
  private static final Path tmp = run.getParent();

  private static Path fixture() {
    TrainedFixture.ensure();
    return TrainedFixture.run;
  }

  @Test
  void aTrainedDirectoryAnswersWithTypedPredictions() {
    try (Classifier mtc = Mtc.open(run, MtcOptions.defaults().config(ConfigFactory.empty()))) {
      Prediction p = mtc.predict("a good day");
      assertThat(p.task("mood").label()).isIn("good", "bad");
      assertThat(p.task("mood").probabilities()).containsOnlyKeys("bad", "good");
      assertThat(p.task("mood").probability("good") + p.task("mood").probability("bad"))
          .isCloseTo(1f, within(1e-5f));
      assertThat(p.task("tags").labels()).isSubsetOf("x", "y");
      assertThat(mtc.labels()).containsOnlyKeys("mood", "tags");
      assertThatThrownBy(() -> p.task("tags").label())
          .isInstanceOf(MtcException.class)
          .hasMessageContaining("multi-label")
          .hasMessageContaining("labels()");
      assertThatThrownBy(() -> p.task("topic"))
          .isInstanceOf(MtcException.class)
          .hasMessageContaining("no task 'topic'")
          .hasMessageContaining("mood");
      assertThat(mtc.predict(Input.withContext("how was it?", "a good day")).input().context())
          .isEqualTo("how was it?");
    }
  }

  @Test
  void anExportedGraphAnswersAsTheDirectoryDoes() {
    List<Input> inputs =
        List.of(
            Input.of("a good day"), Input.of("a bad day"), Input.of("tag text 3"), Input.of(""));
    try (Classifier dir = Mtc.open(run, MtcOptions.defaults().config(ConfigFactory.empty()));
        Classifier onnx = Mtc.open(exported, MtcOptions.defaults().config(ConfigFactory.empty()))) {
      assertThat(onnx.labels()).isEqualTo(dir.labels());
      List<Prediction> a = dir.predict(inputs);
      List<Prediction> b = onnx.predict(inputs);
      for (int i = 0; i < inputs.size(); i++) {
        for (String task : dir.labels().keySet()) {
          TaskPrediction got = b.get(i).task(task);
          assertThat(got.labels()).isEqualTo(a.get(i).task(task).labels());
          a.get(i)
              .task(task)
              .probabilities()
              .forEach(
                  (label, p) -> assertThat(got.probability(label)).isCloseTo(p, within(1e-4f)));
        }
      }
    }
  }

  @Test
  void predictionIsThreadSafe() {
    List<Input> inputs = IntStream.range(0, 64).mapToObj(i -> Input.of("tag text " + i)).toList();
    try (Classifier mtc =
        Mtc.open(run, MtcOptions.defaults().config(ConfigFactory.empty()).batchSize(8))) {
      List<Prediction> sequential = mtc.predict(inputs);
      List<Prediction> parallel = inputs.parallelStream().map(mtc::predict).toList();
      for (int i = 0; i < inputs.size(); i++) {
        assertThat(parallel.get(i).task("tags").labels())
            .isEqualTo(sequential.get(i).task("tags").labels());
        assertThat(parallel.get(i).task("mood").probability("good"))
            .isCloseTo(sequential.get(i).task("mood").probability("good"), within(1e-5f));
      }
    }
  }

  @Test
  void aBackboneOfAnotherHiddenSizeIsRefusedNamingBothSizes(
      @org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
    Path model = tmp.resolve("model");
    Path source = run.resolve("model");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path f : files.toList()) {
        Path target = model.resolve(source.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    FileTrees.delete(model.resolve("backbone"));
    TinyModelDirectory.create(model.resolve("backbone"), "bert", 48, 2, 4, 64, 64, "gelu", 3);
    assertThatThrownBy(() -> Mtc.open(model, MtcOptions.defaults().config(ConfigFactory.empty())))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("32")
        .hasMessageContaining("48")
        .hasMessageContaining("backbone");
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
    assertThatThrownBy(
            () ->
                Mtc.open(
                    run, MtcOptions.defaults().config(ConfigFactory.empty()).engine("pytorch")))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("pytorch");
    assertThatThrownBy(
            () ->
                Mtc.open(
                    run,
                    MtcOptions.defaults()
                        .config(ConfigFactory.parseString("mtc.backbone.enigne = onnx"))))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("enigne");
    try (Classifier onnx =
        Mtc.open(
            run,
            MtcOptions.defaults()
                .config(ConfigFactory.parseString("mtc.backbone.engine = onnx")))) {
      assertThat(onnx.toString()).contains("onnx");
    }
    try (Classifier onnx =
        Mtc.open(
            run,
            MtcOptions.defaults()
                .settings(
                    Settings.load(
                        List.of(), ConfigFactory.parseString("mtc.backbone.engine = onnx"))))) {
      assertThat(onnx.engine()).isEqualTo("onnx");
    }
    System.setProperty("mtc.backbone.engine", "nosuchengine");
    ConfigFactory.invalidateCaches();
    try {
      assertThatThrownBy(() -> Mtc.open(run))
          .isInstanceOf(MtcException.class)
          .hasMessageContaining("nosuchengine");
    } finally {
      System.clearProperty("mtc.backbone.engine");
      ConfigFactory.invalidateCaches();
    }
  }

  @Test
  void pathsThatAreNoModelAreNamed() throws IOException {
    Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
    assertThatThrownBy(() -> Mtc.open(text))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("notes.txt")
        .hasMessageContaining(".onnx");
    assertThatThrownBy(
            () ->
                Mtc.open(
                    tmp.resolve("missing"), MtcOptions.defaults().config(ConfigFactory.empty())))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("missing");
    assertThatThrownBy(() -> Input.of(null)).isInstanceOf(MtcException.class);
  }

  @Test
  void nullArgumentsAreNamedNotThrownFromInsideTheJdk() {
    assertThatThrownBy(() -> Mtc.open(null))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("Mtc.open: the model path is null");
    assertThatThrownBy(() -> Mtc.open(run, null))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("the options are null");
    assertThatThrownBy(() -> MtcOptions.defaults().config(null))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("MtcOptions.config");
    assertThatThrownBy(() -> MtcOptions.defaults().set(null, 1))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("MtcOptions.set");
    assertThatThrownBy(() -> MtcOptions.defaults().engine(null))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("djl, onnx or tf");
    for (Path model : List.of(run, exported)) {
      try (Classifier mtc = Mtc.open(model, MtcOptions.defaults().config(ConfigFactory.empty()))) {
        assertThatThrownBy(() -> mtc.predict((List<Input>) null))
            .isInstanceOf(MtcException.class)
            .hasMessageContaining("the inputs are null");
        assertThatThrownBy(() -> mtc.predict(Arrays.asList(Input.of("a"), null)))
            .isInstanceOf(MtcException.class)
            .hasMessageContaining("input 1 of 2 is null");
        assertThatThrownBy(() -> mtc.predict((Input) null))
            .isInstanceOf(MtcException.class)
            .hasMessageContaining("input 0 of 1 is null");
        assertThatThrownBy(() -> mtc.predict(null, List.of(Input.of("a"))))
            .isInstanceOf(MtcException.class)
            .hasMessageContaining("the task is null");
        assertThatThrownBy(() -> mtc.predict((String) null)).isInstanceOf(MtcException.class);
      }
    }
  }

  @Test
  void checkRefusesWhatOpenRefusesInItsWordsAndPassesAModel(
      @org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
    Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Path noHeads = Files.createDirectories(tmp.resolve("no-heads"));
    Files.copy(
        run.resolve(MultitaskModel.BEST_DIR).resolve(TasksConf.FILE),
        noHeads.resolve(TasksConf.FILE));
    Files.copy(
        run.resolve(MultitaskModel.BEST_DIR).resolve(ModelFormat.FILE),
        noHeads.resolve(ModelFormat.FILE));
    for (Path bad : List.of(text, tmp.resolve("missing"), empty, noHeads)) {
      Throwable opened =
          Assertions.catchThrowable(
              () -> Mtc.open(bad, MtcOptions.defaults().config(ConfigFactory.empty())));
      assertThat(opened).as(bad.toString()).isInstanceOf(MtcException.class);
      assertThatThrownBy(() -> Mtc.check(bad))
          .as(bad.toString())
          .isInstanceOf(MtcException.class)
          .hasMessage(opened.getMessage());
    }
    Mtc.check(run);
    Mtc.check(exported);
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.map(
              p -> dir.relativize(p) + ":" + p.toFile().length() + ":" + p.toFile().lastModified())
          .sorted()
          .toList();
    }
  }
}
