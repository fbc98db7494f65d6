package org.mtc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.Input;
import org.mtc.core.engine.Engines;
import org.mtc.core.settings.Settings;
import org.mtc.core.testing.TinyModelDirectory;
import org.mtc.onnx.ExportedModel;
import org.mtc.onnx.OnnxSettings;
import org.mtc.onnx.proto.Onnx;
import org.mtc.tasks.model.MultitaskModel;

/**
 * The onnx engine and {@code mtc export onnx} end to end: heads-only training on the onnx engine,
 * eval and predict with {@code --engine onnx}, the export of one graph that serves alone, and its
 * errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  Path data;
  Path run;

  @BeforeAll
  void trainFrozenOnOnnx() throws Exception {
    Path backbone = TinyModelDirectory.create(dir.resolve("tiny"), "bert", 9);
    data = dir.resolve("data");
    for (String split : List.of("train", "dev", "test")) {
      List<String> mood = new ArrayList<>(List.of("text\tlabel"));
      for (int i = 0; i < 24; i++) {
        mood.add(
            (i % 2 == 0 ? "a good day " : "a bad day ") + i + "\t" + (i % 2 == 0 ? "good" : "bad"));
      }
      Files.createDirectories(data.resolve("mood"));
      Files.write(data.resolve("mood").resolve(split + ".tsv"), mood);
    }
    Path tasks = dir.resolve("tasks.conf");
    Files.writeString(tasks, "mtc.tasks {\n  mood { data = mood }\n}\n");
    run = dir.resolve("run");
    CommandLineTest.Result r =
        CommandLineTest.mtc(
            "",
            "train",
            "--tasks",
            tasks.toString(),
            "--backbone",
            backbone.toString(),
            "--data-dir",
            data.toString(),
            "--out",
            run.toString(),
            "--epochs",
            "2",
            "--engine",
            "onnx",
            "--set",
            "mtc.backbone.trainable-layers=frozen");
    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void exportWritesOneGraphThatServesAloneAndEngineOnnxEvaluates() throws Exception {
    Path out = dir.resolve("model.onnx");
    CommandLineTest.Result r =
        CommandLineTest.mtc(
            "", "export", "onnx", "--model", run.toString(), "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    try (ExportedModel m = ExportedModel.open(out, OnnxSettings.DEFAULTS)) {
      assertThat(m.labels()).containsOnlyKeys("mood");
      assertThat(m.probabilities(List.of(Input.of("a good day"))).get("mood")[0]).hasSize(2);
    }
    r =
        CommandLineTest.mtc(
            "",
            "eval",
            "--model",
            run.toString(),
            "--engine",
            "onnx",
            "--data-dir",
            data.toString(),
            "--json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(JSON.readTree(r.out()).path("tasks").path("mood").path("n").asInt()).isEqualTo(24);
    r =
        CommandLineTest.mtc(
            "a good day\n", "predict", "--model", run.toString(), "--engine", "onnx");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode line = JSON.readTree(r.out().lines().findFirst().orElseThrow());
    assertThat(line.path("tasks").path("mood").path("label").asText()).isIn("good", "bad");
  }

  @Test
  void predictServesAnExportedGraphAsItServesTheDirectory() throws Exception {
    Path out = dir.resolve("served.onnx");
    CommandLineTest.Result r =
        CommandLineTest.mtc(
            "", "export", "onnx", "--model", run.toString(), "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    CommandLineTest.Result fromFile =
        CommandLineTest.mtc("a good day\na bad day\n", "predict", "--model", out.toString());
    CommandLineTest.Result fromDir =
        CommandLineTest.mtc(
            "a good day\na bad day\n", "predict", "--model", run.toString(), "--engine", "onnx");
    assertThat(fromFile.code()).as(fromFile.err()).isZero();
    List<String> a = fromFile.out().lines().toList();
    List<String> b = fromDir.out().lines().toList();
    assertThat(a).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(JSON.readTree(a.get(i)).path("tasks").path("mood").path("label"))
          .isEqualTo(JSON.readTree(b.get(i)).path("tasks").path("mood").path("label"));
    }
  }

  @Test
  void evalScoresAnExportedGraphAsItScoresTheDirectory() throws Exception {
    Path out = dir.resolve("eval.onnx");
    CommandLineTest.Result r =
        CommandLineTest.mtc(
            "", "export", "onnx", "--model", run.toString(), "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Path file = fewExamples();
    List<List<String>> cases =
        List.of(
            List.of("--task", "mood=" + file, "--json", "--per-label"),
            List.of("--data-dir", data.toString(), "--split", "dev", "--json"),
            List.of("--task", "mood=" + file));
    for (List<String> args : cases) {
      CommandLineTest.Result fromDir = eval(run, args);
      CommandLineTest.Result fromFile = eval(out, args);
      assertThat(fromDir.code()).as(fromDir.err()).isZero();
      assertThat(fromFile.code()).as(fromFile.err()).isZero();
      assertThat(fromFile.out()).as("eval " + args).isEqualTo(fromDir.out());
    }
    JsonNode few = JSON.readTree(eval(out, cases.get(0)).out());
    assertThat(few.path("tasks").path("mood").path("n").asInt()).isEqualTo(5);
    assertThat(few.path("tasks").path("mood").path("per_label").isObject()).isTrue();
    assertThat(
            JSON.readTree(eval(out, cases.get(1)).out()).path("mean_majority_accuracy").isNumber())
        .isTrue();
    assertMissingDataNamesTheTaskWayOut(out);
    assertTheDirectoryAgainstItsExportDiffersByZero(out, file);
  }

  /** Five labelled examples of the mood task in a file of their own, for {@code --task}. */
  private static Path fewExamples() throws Exception {
    Path file = dir.resolve("few.tsv");
    Files.write(
        file,
        List.of(
            "text\tlabel",
            "a good day 1\tgood",
            "a bad day 2\tbad",
            "a good day\tbad",
            "a bad day 40\tgood",
            "a good day 7\tgood"));
    return file;
  }

  private static void assertMissingDataNamesTheTaskWayOut(Path exported) throws Exception {
    Path noData = Files.createDirectories(dir.resolve("no-data"));
    CommandLineTest.Result missing = eval(exported, List.of("--data-dir", noData.toString()));
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err())
        .contains("eval.onnx")
        .contains("has no data folder")
        .contains("--task mood=FILE");
  }

  private void assertTheDirectoryAgainstItsExportDiffersByZero(Path exported, Path file)
      throws Exception {
    CommandLineTest.Result against =
        CommandLineTest.mtc(
            "",
            "eval",
            "--model",
            run.toString(),
            "--against",
            exported.toString(),
            "--task",
            "mood=" + file,
            "--json");
    assertThat(against.code()).as(against.err()).isZero();
    assertThat(
            JSON.readTree(against.out())
                .path("tasks")
                .get(0)
                .path("accuracy_difference")
                .path("estimate")
                .asDouble())
        .isZero();
  }

  private static CommandLineTest.Result eval(Path model, List<String> args) {
    List<String> all = new ArrayList<>(List.of("eval", "--model", model.toString()));
    all.addAll(args);
    return CommandLineTest.mtc("", all.toArray(String[]::new));
  }

  @Test
  void theExportedGraphReadsSentencePairsAsTheDjlEngineDoes() throws Exception {
    Path out = dir.resolve("pairs.onnx");
    CommandLineTest.Result r =
        CommandLineTest.mtc(
            "", "export", "onnx", "--model", run.toString(), "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<Input> inputs =
        List.of(
            Input.withContext("how was your day?", "a good day"),
            Input.of("a bad day"),
            Input.withContext("tell me more ".repeat(40), "a good day"));
    var djlSettings =
        Settings.load(
            List.of(),
            ConfigFactory.parseString("mtc.backbone { engine = djl, trainable-layers = frozen }"));
    try (ExportedModel onnx = ExportedModel.open(out, OnnxSettings.DEFAULTS);
        MultitaskModel djl = MultitaskModel.load(run, Engines.discover(), djlSettings)) {
      float[][] pooled = djl.backbone().encode(inputs);
      float[][] expected = djl.head("mood").probabilities(pooled);
      var got = onnx.pairProbabilities(inputs);
      assertThat(onnx.probabilities(inputs).get("mood"))
          .as("a task without a context column reads the " + "texts alone")
          .isDeepEqualTo(onnx.probabilities(Input.ofTexts(Input.texts(inputs))).get("mood"));
      for (int i = 0; i < inputs.size(); i++) {
        for (int j = 0; j < pooled[i].length; j++) {
          assertThat((double) got.get("pooled")[i][j])
              .isCloseTo(pooled[i][j], Assertions.within(1e-4));
        }
        for (int j = 0; j < expected[i].length; j++) {
          assertThat((double) got.get("mood")[i][j])
              .isCloseTo(expected[i][j], Assertions.within(1e-4));
        }
      }
      float[] alone = onnx.probabilities(List.of(Input.of("a bad day"))).get("pooled")[0];
      for (int j = 0; j < alone.length; j++) {
        assertThat((double) got.get("pooled")[1][j])
            .as("an empty context is the text alone")
            .isCloseTo(alone[j], Assertions.within(1e-5));
      }
    }
  }

  @Test
  void aLabelCountThatDoesNotMatchTasksConfIsAnErrorNamingBothFiles() throws Exception {
    Path copy = dir.resolve("copy");
    try (Stream<Path> files = Files.walk(run.resolve("model"))) {
      for (Path p : files.toList()) {
        Path target = copy.resolve(run.resolve("model").relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    Path conf = copy.resolve("tasks.conf");
    Files.writeString(
        conf,
        Files.readString(conf)
            .replace("labels = [\"bad\", \"good\"]", "labels = [\"bad\", \"good\", \"meh\"]"));
    CommandLineTest.Result r =
        CommandLineTest.mtc(
            "",
            "export",
            "onnx",
            "--model",
            copy.toString(),
            "--out",
            dir.resolve("x.onnx").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("heads.safetensors").contains("tasks.conf").contains("mood");
    assertThat(dir.resolve("x.onnx")).doesNotExist();
  }

  @Test
  void overwriteReplacesOnlyAnEarlierExport() throws Exception {
    Path out = dir.resolve("again.onnx");
    CommandLineTest.Result r =
        CommandLineTest.mtc(
            "", "export", "onnx", "--model", run.toString(), "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    r =
        CommandLineTest.mtc(
            "",
            "export",
            "onnx",
            "--model",
            run.toString(),
            "--out",
            out.toString(),
            "--overwrite");
    assertThat(r.code()).as("an earlier export is replaced: " + r.err()).isZero();
    Path train = data.resolve("mood/train.tsv");
    byte[] rows = Files.readAllBytes(train);
    r =
        CommandLineTest.mtc(
            "",
            "export",
            "onnx",
            "--model",
            run.toString(),
            "--out",
            train.toString(),
            "--overwrite");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("mtc: --out " + train + " is not an ONNX model")
        .contains("--overwrite replaces only a graph written by mtc export onnx")
        .doesNotContain("\tat org.");
    assertThat(Files.readAllBytes(train)).isEqualTo(rows);
    Path encoder = dir.resolve("encoder-only.onnx"); // an ONNX model, but not an mtc export
    Files.write(
        encoder,
        Onnx.ModelProto.newBuilder()
            .setIrVersion(8)
            .setGraph(Onnx.GraphProto.newBuilder().setName("encoder"))
            .build()
            .toByteArray());
    byte[] encoderBytes = Files.readAllBytes(encoder);
    r =
        CommandLineTest.mtc(
            "",
            "export",
            "onnx",
            "--model",
            run.toString(),
            "--out",
            encoder.toString(),
            "--overwrite");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(encoder + " is an ONNX model but not one written by mtc export onnx")
        .contains("mtc.tasks.conf");
    assertThat(Files.readAllBytes(encoder)).isEqualTo(encoderBytes);
  }

  @Test
  void anOutThroughALinkIntoTheModelIsRefused() throws Exception {
    Path link =
        Files.createSymbolicLink(
            dir.resolve("link-to-model"), run.resolve("model").toAbsolutePath());
    byte[] heads = Files.readAllBytes(run.resolve("model/heads.safetensors"));
    CommandLineTest.Result r =
        CommandLineTest.mtc(
            "",
            "export",
            "onnx",
            "--model",
            run.toString(),
            "--out",
            link.resolve("heads.safetensors").toString(),
            "--overwrite");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("is inside the model directory");
    assertThat(Files.readAllBytes(run.resolve("model/heads.safetensors"))).isEqualTo(heads);
    r =
        CommandLineTest.mtc(
            "", "export", "onnx", "--model", run.toString(), "--out", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("is a directory");
  }

  @Test
  void headsOnlyNeedsAnEncoder() {
    CommandLineTest.Result r =
        CommandLineTest.mtc(
            "",
            "export",
            "onnx",
            "--model",
            run.toString(),
            "--out",
            dir.resolve("h.onnx").toString(),
            "--heads-only");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--encoder");
  }

  @Test
  void anInt8ExportServesAndEvaluatesAgainstTheFp32OneAndIsNotQuantizedTwice() throws Exception {
    Path fp32 = dir.resolve("q-fp32.onnx");
    Path int8 = dir.resolve("q-int8.onnx");
    assertThat(export(fp32).code()).isZero();
    CommandLineTest.Result r = export(int8, "--quantize", "int8");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("int8, ");
    CommandLineTest.Result predicted =
        CommandLineTest.mtc("a good day\na bad day\n", "predict", "--model", int8.toString());
    assertThat(predicted.code()).as(predicted.err()).isZero();
    assertThat(predicted.out().lines()).hasSize(2);
    CommandLineTest.Result against =
        eval(int8, List.of("--against", fp32.toString(), "--task", "mood=" + fewExamples()));
    assertThat(against.code()).as(against.err()).isZero();
    assertThat(against.out()).contains("q-int8.onnx").contains("q-fp32.onnx");

    r = export(int8, dir.resolve("q-twice.onnx"), "--quantize", "int8");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("--model " + int8 + " is already quantized")
        .contains("mtc.quantization = int8-dynamic-per-channel");
    r =
        export(
            dir.resolve("q-heads.onnx"),
            "--heads-only",
            "--encoder",
            int8.toString(),
            "--quantize",
            "int8");
    assertThat(r.err()).contains("--encoder " + int8 + " is already quantized");
    r = export(dir.resolve("q-int4.onnx"), "--quantize", "int4");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--quantize int4 is not a quantization scheme").contains("[int8]");
    r = export(dir.resolve("q-fused.onnx"), "--quantize", "int8", "--fused");
    assertThat(r.err()).contains("drop --fused");
    r =
        CommandLineTest.mtc(
            "a good day\n", "predict", "--model", int8.toString(), "--engine", "tf");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--engine tf cannot run").contains("--engine onnx");
    assertThat(dir.resolve("q-twice.onnx")).doesNotExist();
    assertThat(dir.resolve("q-int4.onnx")).doesNotExist();
  }

  /** {@code mtc export onnx --model RUN --out OUT ARGS}. */
  private CommandLineTest.Result export(Path out, String... args) {
    return export(run, out, args);
  }

  private static CommandLineTest.Result export(Path model, Path out, String... args) {
    List<String> all =
        new ArrayList<>(
            List.of("export", "onnx", "--model", model.toString(), "--out", out.toString()));
    all.addAll(List.of(args));
    return CommandLineTest.mtc("", all.toArray(String[]::new));
  }
}
