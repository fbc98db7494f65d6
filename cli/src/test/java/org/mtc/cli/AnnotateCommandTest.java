package org.mtc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.cli.CommandLineTest.Result;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.testing.TinyModelDirectory;
import org.mtc.library.Mtc;
import org.mtc.library.MtcOptions;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.Prediction;

/**
 * {@code mtc annotate} in-process on a tiny random model trained for two steps: output, bad input,
 * overwrite.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnnotateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  Path run;

  @BeforeAll
  void trainTwoSteps() throws Exception {
    Path backbone = TinyModelDirectory.create(dir.resolve("tiny"), "bert", 7);
    Path data = dir.resolve("data");
    for (String task : List.of("mood", "tags")) {
      Files.createDirectories(data.resolve(task));
      for (String split : List.of("train", "dev", "test")) {
        List<String> lines =
            new ArrayList<>(List.of(task.equals("mood") ? "text\tlabel" : "text\tlabels"));
        for (int i = 0; i < 8; i++) {
          lines.add(
              "text "
                  + i
                  + "\t"
                  + (task.equals("mood")
                      ? (i % 2 == 0 ? "good" : "bad")
                      : (i % 3 == 0 ? "x|y" : "y")));
        }
        Files.write(data.resolve(task).resolve(split + ".tsv"), lines);
      }
    }
    Path tasks =
        Files.writeString(
            dir.resolve("tasks.conf"),
            "mtc.tasks {\n  mood { data = mood }\n  tags { data = tags, kind = multi-label }\n}\n");
    run = dir.resolve("run");
    Result r =
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
            "--max-steps",
            "2");
    assertThat(r.code()).as(r.err()).isZero();
  }

  private Result annotate(String... args) {
    List<String> all =
        new ArrayList<>(List.of("annotate", "--model", run.toString(), "--batch-size", "3"));
    all.addAll(List.of(args));
    return CommandLineTest.mtc("", all.toArray(String[]::new));
  }

  @Test
  void everyRowKeepsItsColumnsAndGetsThePredictionsOfTheLibrary() throws Exception {
    List<String> lines = new ArrayList<>(List.of("id\ttext\tcontext"));
    for (int i = 0; i < 10; i++) {
      lines.add(
          i
              + "\t"
              + (i == 4 ? "" : "a good day number " + i)
              + "\t"
              + (i % 2 == 0 ? "how are you?" : ""));
    }
    Path input = Files.write(dir.resolve("corpus.tsv"), lines);
    Path output = dir.resolve("out.jsonl");
    Result r = annotate("--input", input.toString(), "--output", output.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("annotated 10 rows");
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(output)) {
      rows.add(JSON.readTree(line));
    }
    assertThat(rows).hasSize(10);
    try (Classifier model = Mtc.open(run, MtcOptions.defaults())) {
      for (int i = 0; i < 10; i++) {
        JsonNode row = rows.get(i);
        assertThat(row.path("id").asText()).isEqualTo(Integer.toString(i));
        if (i == 4) {
          assertThat(row.get("mood").isNull()).isTrue();
          assertThat(row.get("tags").isNull()).isTrue();
          assertThat(row.path("error").asText()).isEqualTo("no text");
          continue;
        }
        assertThat(row.has("error")).isFalse();
        Prediction expected =
            model.predict(
                Input.withContext(row.path("context").asText(), row.path("text").asText()));
        assertThat(row.path("mood").path("label").asText())
            .isEqualTo(expected.task("mood").label());
        assertThat(row.path("mood").path("probs").path("good").floatValue())
            .isCloseTo(expected.task("mood").probability("good"), within(1e-6f));
        List<String> tags = new ArrayList<>();
        row.path("tags").path("labels").forEach(t -> tags.add(t.asText()));
        assertThat(tags).isEqualTo(expected.task("tags").labels());
      }
    }
  }

  @Test
  void jsonLinesInTsvOut() throws Exception {
    Path input =
        Files.writeString(
            dir.resolve("corpus.jsonl"),
            "{\"text\": \"hello\", \"n\": 1}\n\n{\"text\": null, \"n\": 2}\n{\"n\": 3, \"text\": \"bye\"}\n");
    Path output = dir.resolve("out.tsv");
    Result r = annotate("--input", input.toString(), "--output", output.toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = Files.readAllLines(output);
    assertThat(lines.get(0)).isEqualTo("text\tn\tmood\tmood.probs\ttags\ttags.probs\terror");
    assertThat(lines).hasSize(4);
    assertThat(lines.get(2))
        .isEqualTo("\"\"\t2\t\t\t\t\tno text"); // Commons CSV quotes an empty first cell
    assertThat(lines.get(3)).startsWith("bye\t3\t");
  }

  @Test
  void aMissingTextColumnNamesTheFileAndTheColumnAndWritesNothing() throws Exception {
    Path tsv = Files.writeString(dir.resolve("no-text.tsv"), "id\tsentence\n1\thello\n");
    Path output = dir.resolve("never.jsonl");
    Result r = annotate("--input", tsv.toString(), "--output", output.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(tsv + ":1")
        .contains("'text'")
        .contains("id, sentence")
        .contains("--text-column");
    Path jsonl = Files.writeString(dir.resolve("no-text.jsonl"), "{\"sentence\": \"hello\"}\n");
    r = annotate("--input", jsonl.toString(), "--output", output.toString());
    assertThat(r.err()).contains(jsonl + ":1").contains("'text'").contains("sentence");
    assertThat(output).doesNotExist();
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.contains(".part-"));
    }
  }

  @Test
  void aBadRowNamesItsLineAndLeavesNoOutput() throws Exception {
    Path input = Files.writeString(dir.resolve("bad.jsonl"), "{\"text\": \"fine\"}\n[1, 2]\n");
    Path output = dir.resolve("bad-out.jsonl");
    Result r = annotate("--input", input.toString(), "--output", output.toString());
    assertThat(r.err()).contains(input + ":2").contains("not a JSON object");
    assertThat(output).doesNotExist();
  }

  @Test
  void anExistingOutputIsRefusedUnlessOverwrite() throws Exception {
    Path input = Files.writeString(dir.resolve("small.tsv"), "text\nhello\n");
    Path output = Files.writeString(dir.resolve("taken.jsonl"), "precious\n");
    Result r = annotate("--input", input.toString(), "--output", output.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(output + " exists").contains("--overwrite");
    assertThat(Files.readString(output)).isEqualTo("precious\n");
    r = annotate("--input", input.toString(), "--output", output.toString(), "--overwrite");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readAllLines(output))
        .hasSize(1)
        .allMatch(l -> l.startsWith("{\"text\":\"hello\",\"mood\":"));
  }

  @Test
  void thePartFileOfAKilledRunIsRemovedAndThatOfARunningOneKept() throws Exception {
    Path folder =
        Files.createDirectories(
            dir.resolve("parts")); // its part files stay out of the other tests' way
    Path input = Files.writeString(folder.resolve("parts.tsv"), "text\nhello\n");
    Path output = folder.resolve("parts.jsonl").toAbsolutePath();
    Process ended = new ProcessBuilder("true").start();
    assertThat(ended.waitFor()).isZero();
    long gone = ended.pid(); // the process of a killed annotate: it no longer runs
    Path dead = Files.writeString(StagedOutput.partFile(output, gone), "half of a killed run\n");
    long running = ProcessHandle.current().parent().orElseThrow().pid();
    Path live = Files.writeString(StagedOutput.partFile(output, running), "still being written\n");
    Path other =
        Files.writeString(StagedOutput.partFile(folder.resolve("other.jsonl"), gone), "not ours\n");
    Result r = annotate("--input", input.toString(), "--output", output.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err().lines().filter(l -> l.contains(dead.getFileName().toString())).toList())
        .as(r.err())
        .singleElement()
        .asString()
        .startsWith("mtc: removed")
        .contains("killed");
    assertThat(dead).doesNotExist();
    assertThat(live).hasContent("still being written");
    assertThat(other).as("another output's part file").exists();
    assertThat(Files.readAllLines(output)).hasSize(1);
  }

  @Test
  void aFullDiskIsOneLineNamingTheFileAndLeavesNothing() throws Exception {
    Assumptions.assumeTrue(Files.exists(Path.of("/dev/full")), "needs Linux's /dev/full");
    Path folder = Files.createDirectories(dir.resolve("full"));
    Path input = Files.writeString(folder.resolve("in.tsv"), "text\nhello\nbye\n");
    Path output = folder.resolve("out.tsv").toAbsolutePath();
    // This process' part file leads to a device where every write fails with ENOSPC, as on a full
    // disk.
    Path part =
        Files.createSymbolicLink(
            StagedOutput.partFile(output, ProcessHandle.current().pid()), Path.of("/dev/full"));
    Result r = annotate("--input", input.toString(), "--output", output.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("mtc: could not write the output to " + part + ": No space left on device")
        .contains("disk has space")
        .doesNotContain("\tat org.")
        .doesNotContain("annotated 2 rows");
    assertThat(output).doesNotExist();
    assertThat(part).doesNotExist();
  }

  @Test
  void sparkOverwriteNeverReplacesAFolderOfOtherFiles() throws Exception {
    Path input = Files.writeString(dir.resolve("q.tsv"), "text\nhello\n");
    Path folder = Files.createDirectories(dir.resolve("corpora"));
    Files.writeString(folder.resolve("train.tsv"), "text\tlabel\n");
    Result r =
        annotate(
            "--input",
            input.toString(),
            "--output",
            folder.toString(),
            "--spark",
            "local[2]",
            "--overwrite");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith(
            "mtc: --output "
                + folder
                + " holds files that a Spark annotate does not write "
                + "(train.tsv)");
    assertThat(folder.resolve("train.tsv")).hasContent("text\tlabel");
    Path earlier = Files.createDirectories(dir.resolve("earlier.parquet"));
    for (String name :
        List.of(
            "_SUCCESS",
            "._SUCCESS.crc",
            "part-00000-1f.snappy.parquet",
            ".part-00000-1f.snappy.parquet.crc")) {
      Files.writeString(earlier.resolve(name), "");
    }
    r =
        annotate(
            "--input",
            input.toString(),
            "--output",
            earlier.toString(),
            "--spark",
            "local[2]",
            "--overwrite");
    assertThat(r.err())
        .as("an earlier output passes the check (then the job needs the spark module)")
        .contains("spark module");
  }

  @Test
  void parquetWithoutSparkAndSparkWithoutTheModuleAreExplained() throws Exception {
    Path input = Files.writeString(dir.resolve("p.tsv"), "text\nhello\n");
    Result r =
        annotate("--input", input.toString(), "--output", dir.resolve("p.parquet").toString());
    assertThat(r.err()).contains("--spark local[*]");
    r =
        annotate(
            "--input",
            input.toString(),
            "--output",
            dir.resolve("s.jsonl").toString(),
            "--spark",
            "local[2]");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("spark module");
  }

  /**
   * annotate --spark checks, before Spark starts (15-35 s and its logging), what the in-process
   * annotate checks, and says it in the same first line: here Spark is not even on the class path,
   * so an error that came from Spark's side would name the missing spark module instead.
   */
  @Test
  void sparkRefusesWhatTheInProcessAnnotateRefusesInItsWordsBeforeSparkStarts() throws Exception {
    Path good = Files.writeString(dir.resolve("spark-in.tsv"), "id\ttext\n1\thello\n");
    Path taken = Files.writeString(dir.resolve("spark-taken.jsonl"), "precious\n");
    Path free = dir.resolve("spark-free.jsonl");
    Path noText = Files.writeString(dir.resolve("spark-no-text.tsv"), "id\tsentence\n1\thello\n");
    Path noTextJson =
        Files.writeString(dir.resolve("spark-no-text.jsonl"), "{\"sentence\": \"hello\"}\n");
    Path notAModel = Files.createDirectories(dir.resolve("spark-not-a-model"));
    List<List<Object>> cases =
        List.of(
            List.of("--model", run, "--input", good, "--output", taken),
            List.of("--model", run, "--input", dir.resolve("missing.tsv"), "--output", free),
            List.of("--model", run, "--input", noText, "--output", free),
            List.of("--model", run, "--input", noTextJson, "--output", free),
            List.of(
                "--model", run, "--input", good, "--output", free, "--context-column", "history"),
            List.of("--model", dir.resolve("no-model"), "--input", good, "--output", free),
            List.of("--model", notAModel, "--input", good, "--output", free),
            List.of("--model", good, "--input", good, "--output", free),
            List.of("--model", run, "--engine", "onxx", "--input", good, "--output", free),
            List.of("--model", run, "--batch-size", "0", "--input", good, "--output", free),
            List.of(
                "--model",
                run,
                "--set",
                "mtc.backbone.engine=onxx",
                "--input",
                good,
                "--output",
                free));
    for (List<Object> args : cases) {
      List<String> inProcess = new ArrayList<>(List.of("annotate"));
      args.forEach(a -> inProcess.add(a.toString()));
      List<String> spark = new ArrayList<>(inProcess);
      spark.addAll(List.of("--spark", "local[1]"));
      Result expected = CommandLineTest.mtc("", inProcess.toArray(String[]::new));
      Result r = CommandLineTest.mtc("", spark.toArray(String[]::new));
      assertThat(expected.code()).as(expected.err()).isEqualTo(2);
      assertThat(r.code()).as(r.err()).isEqualTo(2);
      String first = expected.err().lines().findFirst().orElseThrow();
      assertThat(first).startsWith("mtc: ");
      assertThat(r.err().lines().findFirst()).as("the first line of stderr").contains(first);
    }
    assertThat(free).doesNotExist();
  }

  @Test
  void mtcSparkLogSetsSparksLogLevelAndABadOneIsRefused() {
    assertThat(SparkAnnotation.sparkLogLevel(null)).isEqualTo("WARN");
    assertThat(SparkAnnotation.sparkLogLevel(" info ")).isEqualTo("INFO");
    Assertions.assertThatThrownBy(() -> SparkAnnotation.sparkLogLevel("loud"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("MTC_SPARK_LOG=loud")
        .hasMessageContaining("INFO");
  }
}
