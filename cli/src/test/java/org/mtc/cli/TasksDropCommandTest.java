package org.mtc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.cli.CommandLineTest.Result;
import org.mtc.core.Input;
import org.mtc.core.testing.TinyModelDirectory;
import org.mtc.library.Mtc;
import org.mtc.library.MtcOptions;
import org.mtc.tasks.model.FileDigest;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.Prediction;

/**
 * {@code mtc tasks drop} end to end: a tiny three-task model (two single-label tasks, one
 * multi-label with tuned thresholds) trained through the command line loses one task; the kept
 * tasks' probabilities are bitwise those of the source on djl, on onnx and in the exported graphs;
 * predict and eval no longer know the dropped task; the backbone is copied byte for byte and the
 * provenance names the source and its digest; bad input is refused with exit 2 and writes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TasksDropCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> KEPT = List.of("mood", "tags");
  private static final List<Input> TEXTS =
      List.of(
          Input.of("a fine day 3"),
          Input.of("a poor day"),
          Input.of("nothing at all, really, nothing"),
          Input.of("x"));

  @TempDir static Path dir;
  Path data;
  Path run;
  Path dropped;
  String sourceDigest;

  @BeforeAll
  void trainAndDrop() throws Exception {
    Path backbone = TinyModelDirectory.create(dir.resolve("tiny"), "bert", 17);
    data = dir.resolve("data");
    write("mood", "text\tlabel", i -> i % 2 == 0 ? "good" : "bad");
    write("tags", "text\tlabels", i -> i % 3 == 0 ? "x|y" : "y");
    write("topic", "text\tlabel", i -> List.of("sport", "food", "news").get(i % 3));
    Path tasks =
        Files.writeString(
            dir.resolve("tasks.conf"),
            "mtc.tasks {\n  mood { data = mood }\n  tags { data = tags, kind = multi-label }\n"
                + "  topic { data = topic }\n}\n");
    run = dir.resolve("run");
    Result trained =
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
            "1",
            "--batch-size",
            "8");
    assertThat(trained.code()).as(trained.err()).isZero();
    sourceDigest = FileDigest.of(run.resolve("model"));
    dropped = dir.resolve("no-topic");
    Result r = drop(run, "topic", dropped);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("wrote " + dropped).contains("2 tasks (mood, tags)");
  }

  private void write(String task, String header, IntFunction<String> label) throws IOException {
    Files.createDirectories(data.resolve(task));
    for (String split : List.of("train", "dev", "test")) {
      List<String> rows = new ArrayList<>(List.of(header));
      for (int i = 0; i < 18; i++) {
        rows.add((i % 2 == 0 ? "a fine day " : "a poor day ") + i + "\t" + label.apply(i));
      }
      Files.write(data.resolve(task).resolve(split + ".tsv"), rows);
    }
  }

  private static Result drop(Path model, String tasks, Path out, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "tasks",
                "drop",
                "--model",
                model.toString(),
                "--drop",
                tasks,
                "--out",
                out.toString()));
    args.addAll(List.of(more));
    return CommandLineTest.mtc("", args.toArray(String[]::new));
  }

  @Test
  void keptTasksAnswerBitForBitOnDjlAndOnnx() {
    for (String engine : List.of("djl", "onnx")) {
      MtcOptions options = MtcOptions.defaults().engine(engine);
      try (Classifier source = Mtc.open(run, options);
          Classifier after = Mtc.open(dropped, options)) {
        assertThat(after.labels()).containsOnlyKeys(KEPT);
        assertThat(after.labels().get("tags")).isEqualTo(source.labels().get("tags"));
        assertBitwiseEqual(source.predict(TEXTS), after.predict(TEXTS), engine);
      }
    }
  }

  @Test
  void theExportOfTheDroppedModelAnswersAsTheSourcesExport() {
    Path sourceGraph = dir.resolve("source.onnx");
    Path droppedGraph = dir.resolve("dropped.onnx");
    for (Path[] p : new Path[][] {{run, sourceGraph}, {dropped, droppedGraph}}) {
      Result r =
          CommandLineTest.mtc(
              "", "export", "onnx", "--model", p[0].toString(), "--out", p[1].toString());
      assertThat(r.code()).as(r.err()).isZero();
    }
    try (Classifier source = Mtc.open(sourceGraph);
        Classifier after = Mtc.open(droppedGraph)) {
      assertThat(after.labels()).containsOnlyKeys(KEPT);
      assertBitwiseEqual(source.predict(TEXTS), after.predict(TEXTS), "exported graph");
    }
  }

  private static void assertBitwiseEqual(
      List<Prediction> source, List<Prediction> after, String where) {
    for (int i = 0; i < TEXTS.size(); i++) {
      assertThat(after.get(i).tasks()).containsOnlyKeys(KEPT);
      for (String task : KEPT) {
        Map<String, Float> a = source.get(i).task(task).probabilities();
        Map<String, Float> b = after.get(i).task(task).probabilities();
        assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
        for (String label : a.keySet()) {
          assertThat(Float.floatToRawIntBits(b.get(label)))
              .as("%s, text %d, %s/%s", where, i, task, label)
              .isEqualTo(Float.floatToRawIntBits(a.get(label)));
        }
        assertThat(after.get(i).task(task).labels()).isEqualTo(source.get(i).task(task).labels());
      }
    }
  }

  @Test
  void predictAndEvalNoLongerKnowTheDroppedTask() throws Exception {
    Result predicted =
        CommandLineTest.mtc("a fine day\n", "predict", "--model", dropped.toString());
    assertThat(predicted.code()).as(predicted.err()).isZero();
    JsonNode line = JSON.readTree(predicted.out().lines().findFirst().orElseThrow());
    assertThat(line.path("tasks").has("topic")).isFalse();
    assertThat(line.path("tasks").has("mood")).isTrue();
    assertThat(line.path("tasks").has("tags")).isTrue();
    Result eval =
        CommandLineTest.mtc(
            "", "eval", "--model", dropped.toString(), "--data-dir", data.toString(), "--json");
    assertThat(eval.code()).as(eval.err()).isZero();
    JsonNode tasks = JSON.readTree(eval.out()).path("tasks");
    assertThat(tasks.has("topic")).isFalse();
    assertThat(tasks.path("tags").path("n").asInt()).isEqualTo(18);
  }

  @Test
  void theBackboneIsCopiedByteForByteAndTheProvenanceNamesTheSource() throws Exception {
    Path model = run.resolve("model");
    try (Stream<Path> files = Files.walk(model.resolve("backbone"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.mismatch(f, dropped.resolve(model.relativize(f).toString())))
            .as(f.toString())
            .isEqualTo(-1L);
      }
    }
    assertThat(FileDigest.of(model)).as("the source is only read").isEqualTo(sourceDigest);
    JsonNode provenance = JSON.readTree(dropped.resolve("provenance.json").toFile());
    assertThat(provenance.path("operation").asText()).isEqualTo("drop");
    assertThat(provenance.path("dropped").toString()).isEqualTo("[\"topic\"]");
    assertThat(provenance.path("kept").toString()).isEqualTo("[\"mood\",\"tags\"]");
    JsonNode source = provenance.path("sources").path(0);
    assertThat(source.path("path").asText()).isEqualTo(run.toAbsolutePath().toString());
    assertThat(source.path("model").asText()).isEqualTo(model.toAbsolutePath().toString());
    assertThat(source.path("sha256").asText()).isEqualTo(sourceDigest);
    assertThat(Files.readString(dropped.resolve("tasks.conf")))
        .contains("\"mood\"")
        .doesNotContain("topic");
    JsonNode metrics = JSON.readTree(dropped.resolve("metrics.json").toFile());
    assertThat(metrics.path("tasks").has("topic")).isFalse();
    assertThat(metrics.path("tasks").has("mood")).isTrue();
    assertThat(metrics.has("mean_accuracy")).isFalse();
    assertThat(dropped.resolve("mtc-model.json")).isRegularFile();
  }

  @Test
  void aDropOfADroppedModelKeepsTheChainAndOverwriteReplacesOnlyAModel() throws Exception {
    Path again = dir.resolve("mood-only");
    Result r = drop(dropped, "tags", again);
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode chain = JSON.readTree(again.resolve("provenance.json").toFile());
    assertThat(chain.path("sources").path(0).path("provenance").path("dropped").toString())
        .isEqualTo("[\"topic\"]");
    r = drop(run, "topic,mood", again, "--overwrite");
    assertThat(r.code()).as(r.err()).isZero();
    try (Classifier m = Mtc.open(again)) {
      assertThat(m.labels()).containsOnlyKeys("tags");
    }
    r = drop(run, "topic", data, "--overwrite");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("is not a model directory").contains("never replaced");
    assertThat(data.resolve("tasks.conf")).doesNotExist();
  }

  @Test
  void badInputIsRefusedWithExit2AndWritesNothing() throws Exception {
    Path out = dir.resolve("bad").resolve("out");
    Files.createDirectories(out.getParent());
    Path graph = Files.writeString(dir.resolve("bad").resolve("m.onnx"), "not really a graph");
    Path notAModel = Files.createDirectories(dir.resolve("bad").resolve("empty-folder"));
    refused(
        drop(run, "topik", out),
        "has no task 'topik'",
        "did you mean 'topic'",
        "mood, tags, topic");
    refused(drop(run, "mood,tags,topic", out), "--drop names every task", "keep one");
    refused(drop(run, "mood,,tags", out), "--drop has an empty task name");
    refused(drop(graph, "topic", out), "exported .onnx graph", "mtc export onnx --model NEW");
    refused(drop(notAModel, "topic", out), "no trained model in " + notAModel);
    refused(drop(dir.resolve("nowhere"), "topic", out), "does not exist");
    refused(drop(run, "topic", dropped), dropped + " already exists", "--overwrite");
    refused(drop(run, "topic", run.resolve("model"), "--overwrite"), "is the source model");
    refused(
        drop(run, "topic", run.resolve("sub")),
        "is inside the source model " + run,
        "--out " + dir.resolve("sub"));
    refused(drop(run, "topic", dir, "--overwrite"), "holds the source model");
    refused(drop(run, "topic", graph, "--overwrite"), "is a file and is never replaced");
    try (Stream<Path> left = Files.list(out.getParent())) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("m.onnx", "empty-folder");
    }
    assertThat(run.resolve("sub")).doesNotExist();
    assertThat(FileDigest.of(run.resolve("model"))).isEqualTo(sourceDigest);
  }

  private static void refused(Result r, String... parts) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("mtc: ").contains(parts).doesNotContain("\tat org.");
  }
}
