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
 * {@code mtc tasks add --mode frozen} end to end: a tiny two-task model (one single-label task, one
 * multi-label with tuned thresholds) trained through the command line gains a third task whose head
 * trains on its frozen encoder; the old tasks' probabilities are bitwise those of the source on
 * djl, on onnx and in the exported graphs; predict and eval answer the new task, which beats its
 * majority baseline; the backbone is copied byte for byte and the provenance records the source,
 * the task set, the data and the training; bad input is refused with exit 2 and writes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TasksAddCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> OLD = List.of("mood", "tags");
  private static final List<Input> TEXTS =
      List.of(
          Input.of("a fine day 3"),
          Input.of("so happy and good"),
          Input.of("nothing at all, really, nothing"),
          Input.of("x"));

  @TempDir static Path dir;
  Path data;
  Path run;
  Path newTasks;
  Path added;
  String sourceDigest;
  Result addResult;

  @BeforeAll
  void trainAndAdd() throws Exception {
    Path backbone = TinyModelDirectory.create(dir.resolve("tiny"), "bert", 17);
    data = dir.resolve("data");
    write("mood", "text\tlabel", i -> i % 2 == 0 ? "good" : "bad", i -> "a fine day ");
    write("tags", "text\tlabels", i -> i % 3 == 0 ? "x|y" : "y", i -> "a poor day ");
    write(
        "feel",
        "text\tlabel",
        i -> i % 2 == 0 ? "up" : "down",
        i -> i % 2 == 0 ? "so happy and good " : "very sad and bad ");
    Path tasks =
        Files.writeString(
            dir.resolve("tasks.conf"),
            "mtc.tasks {\n  mood { data = mood }\n  tags { data = tags, kind = multi-label }\n}\n");
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
    newTasks =
        Files.writeString(dir.resolve("new.conf"), "mtc.tasks {\n  feel { data = feel }\n}\n");
    added = dir.resolve("added");
    addResult =
        add(run, newTasks, added, "--epochs", "10", "--head-learning-rate", "0.01", "--seed", "5");
    assertThat(addResult.code()).as(addResult.err()).isZero();
    assertThat(addResult.err())
        .as("training shows its progress as mtc train does")
        .contains("training 1 tasks (feel)", "encoder frozen", "dev round 1")
        .contains("wrote " + added)
        .contains("3 tasks (mood, tags, feel)");
  }

  private void write(
      String task, String header, IntFunction<String> label, IntFunction<String> text)
      throws IOException {
    Files.createDirectories(data.resolve(task));
    for (String split : List.of("train", "dev", "test")) {
      List<String> rows = new ArrayList<>(List.of(header));
      for (int i = 0; i < 24; i++) {
        rows.add(text.apply(i) + i + "\t" + label.apply(i));
      }
      Files.write(data.resolve(task).resolve(split + ".tsv"), rows);
    }
  }

  private Result add(Path model, Path tasks, Path out, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "tasks",
                "add",
                "--model",
                model.toString(),
                "--tasks",
                tasks.toString(),
                "--mode",
                "frozen",
                "--data-dir",
                data.toString(),
                "--batch-size",
                "8",
                "--out",
                out.toString()));
    args.addAll(List.of(more));
    return CommandLineTest.mtc("", args.toArray(String[]::new));
  }

  @Test
  void oldTasksAnswerBitForBitOnDjlAndOnnx() {
    for (String engine : List.of("djl", "onnx")) {
      MtcOptions options = MtcOptions.defaults().engine(engine);
      try (Classifier source = Mtc.open(run, options);
          Classifier after = Mtc.open(added, options)) {
        assertThat(after.labels()).containsOnlyKeys("mood", "tags", "feel");
        assertThat(after.labels().get("tags")).isEqualTo(source.labels().get("tags"));
        assertThat(after.labels().get("feel")).containsExactlyInAnyOrder("up", "down");
        assertBitwiseEqual(source.predict(TEXTS), after.predict(TEXTS), engine);
      }
    }
  }

  @Test
  void theExportOfTheNewModelAnswersTheOldTasksAsTheSourcesExport() {
    Path sourceGraph = dir.resolve("source.onnx");
    Path addedGraph = dir.resolve("added.onnx");
    for (Path[] p : new Path[][] {{run, sourceGraph}, {added, addedGraph}}) {
      Result r =
          CommandLineTest.mtc(
              "", "export", "onnx", "--model", p[0].toString(), "--out", p[1].toString());
      assertThat(r.code()).as(r.err()).isZero();
    }
    try (Classifier source = Mtc.open(sourceGraph);
        Classifier after = Mtc.open(addedGraph)) {
      assertThat(after.labels()).containsOnlyKeys("mood", "tags", "feel");
      assertBitwiseEqual(source.predict(TEXTS), after.predict(TEXTS), "exported graph");
    }
  }

  private static void assertBitwiseEqual(
      List<Prediction> source, List<Prediction> after, String where) {
    for (int i = 0; i < TEXTS.size(); i++) {
      assertThat(after.get(i).tasks()).containsKey("feel");
      for (String task : OLD) {
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
  void predictAndEvalAnswerTheNewTaskWhichBeatsItsMajorityBaseline() throws Exception {
    Result predicted = CommandLineTest.mtc("so happy\n", "predict", "--model", added.toString());
    assertThat(predicted.code()).as(predicted.err()).isZero();
    JsonNode line = JSON.readTree(predicted.out().lines().findFirst().orElseThrow());
    assertThat(line.path("tasks").has("feel")).isTrue();
    assertThat(line.path("tasks").has("mood")).isTrue();
    Result eval =
        CommandLineTest.mtc(
            "", "eval", "--model", added.toString(), "--data-dir", data.toString(), "--json");
    assertThat(eval.code()).as(eval.err()).isZero();
    JsonNode feel = JSON.readTree(eval.out()).path("tasks").path("feel");
    assertThat(feel.path("n").asInt()).isEqualTo(24);
    assertThat(feel.path("accuracy").asDouble())
        .as("the majority baseline of a balanced two-label task is 0.5")
        .isGreaterThan(0.75);
  }

  @Test
  void theBackboneIsCopiedByteForByteAndTheProvenanceRecordsTheAdd() throws Exception {
    Path model = run.resolve("model");
    try (Stream<Path> files = Files.walk(model.resolve("backbone"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.mismatch(f, added.resolve(model.relativize(f).toString())))
            .as(f.toString())
            .isEqualTo(-1L);
      }
    }
    assertThat(FileDigest.of(model)).as("the source is only read").isEqualTo(sourceDigest);
    JsonNode provenance = JSON.readTree(added.resolve("provenance.json").toFile());
    assertThat(provenance.path("operation").asText()).isEqualTo("add");
    assertThat(provenance.path("mode").asText()).isEqualTo("frozen");
    assertThat(provenance.path("added").toString()).isEqualTo("[\"feel\"]");
    assertThat(provenance.path("kept").toString()).isEqualTo("[\"mood\",\"tags\"]");
    JsonNode source = provenance.path("sources").path(0);
    assertThat(source.path("path").asText()).isEqualTo(run.toAbsolutePath().toString());
    assertThat(source.path("sha256").asText()).isEqualTo(sourceDigest);
    JsonNode inputs = provenance.path("inputs");
    assertThat(inputs.path("tasks_file").path("sha256").asText())
        .isEqualTo(FileDigest.of(newTasks));
    assertThat(inputs.path("data")).hasSize(2);
    Path train = data.resolve("feel").resolve("train.tsv");
    assertThat(inputs.path("data").path(0).path("path").asText())
        .isEqualTo(train.toAbsolutePath().toString());
    assertThat(inputs.path("data").path(0).path("sha256").asText()).isEqualTo(FileDigest.of(train));
    assertThat(provenance.path("training").path("encoder").asText()).isEqualTo("frozen");
    assertThat(provenance.path("training").path("steps").asLong())
        .as("10 epochs of 3 batches, or fewer when early stopping ends them")
        .isBetween(1L, 30L);
    assertThat(Files.readString(added.resolve("tasks.conf")))
        .containsSubsequence("\"mood\"", "\"tags\"", "\"feel\"");
    JsonNode metrics = JSON.readTree(added.resolve("metrics.json").toFile());
    assertThat(metrics.path("tasks").has("mood")).isTrue();
    assertThat(metrics.path("tasks").has("feel")).isTrue();
    assertThat(metrics.has("mean_accuracy")).isFalse();
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("the heads' training folder is gone")
          .noneMatch(n -> n.startsWith(".added"));
    }
  }

  @Test
  void badInputIsRefusedWithExit2AndWritesNothing() throws Exception {
    Path bad = Files.createDirectories(dir.resolve("bad"));
    Path out = bad.resolve("out");
    Path clash =
        Files.writeString(
            bad.resolve("clash.conf"),
            "mtc.tasks {\n  feel { data = feel }\n  mood { data = mood }\n}\n");
    Path noData =
        Files.writeString(bad.resolve("nodata.conf"), "mtc.tasks {\n  x { data = nowhere }\n}\n");
    Path graph = Files.writeString(bad.resolve("m.onnx"), "not really a graph");
    refused(
        add(run, clash, out),
        "task 'mood' is already a task of the model " + run,
        "mtc tasks drop --model " + run + " --drop mood");
    refused(add(run, noData, out), "task 'x' has no data folder");
    refused(add(added, newTasks, out), "task 'feel' is already a task");
    refused(add(graph, newTasks, out), "exported .onnx graph", "mtc tasks add");
    refused(add(run, newTasks, added), added + " already exists", "--overwrite");
    refused(add(run, newTasks, run.resolve("model").resolve("x")), "inside the source model");
    List<String> distill = new ArrayList<>(List.of("tasks", "add", "--model", run.toString()));
    distill.addAll(
        List.of("--tasks", newTasks.toString(), "--mode", "distill", "--out", out.toString()));
    distill.set(distill.indexOf("distill"), "thaw");
    refused(CommandLineTest.mtc("", distill.toArray(String[]::new)), "--mode thaw is not a mode");
    try (Stream<Path> left = Files.list(bad)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("clash.conf", "nodata.conf", "m.onnx");
    }
    assertThat(FileDigest.of(run.resolve("model"))).isEqualTo(sourceDigest);
  }

  private static void refused(Result r, String... parts) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("mtc: ").contains(parts).doesNotContain("\tat org.");
  }
}
