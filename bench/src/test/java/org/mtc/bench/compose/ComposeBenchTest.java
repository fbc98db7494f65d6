package org.mtc.bench.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.cli.Main;
import org.mtc.core.engine.Engines;
import org.mtc.core.settings.Settings;
import org.mtc.core.testing.TinyModelDirectory;

/**
 * {@code mtc bench compose} end to end on a tiny random BERT: a two-task source model, a new task
 * with no dev split; both parts run, the report has every section, and the frozen add's bitwise
 * check is computed (equal for the frozen add, not equal once a head of the copy is perturbed).
 */
class ComposeBenchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void composeRunsBothPartsAndReportsEverySection() throws IOException {
    Path backbone = TinyModelDirectory.create(tmp.resolve("tiny"), "bert", 11);
    Path data = tmp.resolve("data");
    write(data, "mood", true, i -> i % 2 == 0 ? "good" : "bad", i -> i % 2 == 0 ? "fine" : "poor");
    write(
        data, "topic", true, i -> "t" + i % 3, i -> new String[] {"water", "word", "time"}[i % 3]);
    write(data, "feel", false, i -> i % 2 == 0 ? "up" : "down", i -> i % 2 == 0 ? "happy" : "sad");
    Path source = trainSource(backbone, data);
    Path newTask = Files.writeString(tmp.resolve("new.conf"), "mtc.tasks { feel { data = feel } }");
    Path run = tmp.resolve("run");
    int code =
        Main.run(
            "bench",
            "compose",
            "--model",
            source.toString(),
            "--new-task",
            newTask.toString(),
            "--out",
            run.toString(),
            "--data-dir",
            data.toString(),
            "--epochs",
            "2",
            "--batch-size",
            "8",
            "--learning-rate",
            "0.001",
            "--replay",
            "12",
            "--new-texts",
            "12",
            "--set",
            "mtc.bench.memory-texts=16",
            "--set",
            "mtc.bench.bootstrap-resamples=200");
    assertThat(code).isZero();
    assertReport(run, backbone);
    assertPerturbedHeadIsCaught(source, run.resolve("frozen"), data);
    assertResumeRunsNothingAgain(run);
  }

  private void assertReport(Path run, Path backbone) throws IOException {
    String md = Files.readString(run.resolve("report.md"));
    assertThat(md)
        .contains(
            "## Goals",
            "## Steps and time",
            "## Add, distilled: old tasks against the source model",
            "## Add, frozen: old tasks bitwise",
            "bitwise equal: yes",
            "## Add: the new tasks",
            "## Merge: each task against its source model",
            "## Merge: memory",
            "Peak RSS, merged / model A: ",
            "Cost against joint training",
            "## Failures\n\nNone.")
        .contains("Model A: mood; model B: topic.")
        .contains(String.valueOf(backbone.toAbsolutePath()));
    JsonNode json = JSON.readTree(run.resolve("report.json").toFile());
    assertThat(json.path("add").path("frozenBitwise").path("equal").asBoolean()).isTrue();
    assertThat(json.path("add").path("frozenBitwise").path("values").asLong()).isPositive();
    assertThat(json.path("add").path("oldDistillVsSource").path("tasks")).hasSize(2);
    assertThat(
            json.path("add").path("newDistillVsJoint").path("tasks").get(0).path("task").asText())
        .isEqualTo("feel");
    assertThat(json.path("merge").path("mergedVsSources").path("tasks")).hasSize(2);
    assertThat(json.path("merge").path("peakRatio").asDouble()).isPositive();
    assertThat(json.path("steps")).hasSize(6);
    assertThat(json.path("goals")).hasSize(6);
  }

  private Path trainSource(Path backbone, Path data) throws IOException {
    Path tasks =
        Files.writeString(
            tmp.resolve("source.conf"),
            "mtc.tasks { mood { data = mood }, topic { data = topic } }");
    Path source = tmp.resolve("source");
    assertThat(
            Main.run(
                "train",
                "--tasks",
                tasks.toString(),
                "--backbone",
                backbone.toString(),
                "--out",
                source.toString(),
                "--data-dir",
                data.toString(),
                "--epochs",
                "2",
                "--batch-size",
                "8",
                "--learning-rate",
                "0.001"))
        .isZero();
    return source;
  }

  /** The same check, on a copy of the frozen add whose old head has one weight changed. */
  private void assertPerturbedHeadIsCaught(Path source, Path frozen, Path data) throws IOException {
    Path perturbed = tmp.resolve("perturbed");
    try (Stream<Path> files = Files.walk(frozen)) {
      for (Path f : files.toList()) {
        Files.copy(f, perturbed.resolve(frozen.relativize(f).toString()));
      }
    }
    perturb(perturbed.resolve("heads.safetensors"), "mood.");
    Config inference =
        Settings.load(List.of(), ConfigFactory.parseString("mtc.backbone.engine = onnx"));
    ComposeScoring scoring = new ComposeScoring(Engines.discover(), inference, data, 0, 42, 100, 8);
    List<String> old = List.of("mood", "topic");
    Map<String, float[][]> before = scoring.score(source, old, true).probabilities();
    assertThat(FrozenCheck.of(before, scoring.score(frozen, old, true).probabilities()).equal())
        .isTrue();
    FrozenCheck changed =
        FrozenCheck.of(before, scoring.score(perturbed, old, true).probabilities());
    assertThat(changed.equal()).isFalse();
    assertThat(changed.differing()).containsExactly("mood");
    assertThat(changed.summary()).startsWith("NO: ");
  }

  private void assertResumeRunsNothingAgain(Path run) throws IOException {
    Files.delete(run.resolve("report.md"));
    assertThat(Main.run("bench", "compose", "--resume", run.toString())).isZero();
    JsonNode json = JSON.readTree(run.resolve("report.json").toFile());
    for (JsonNode step : json.path("steps")) {
      assertThat(step.path("resumed").asBoolean()).as(step.path("name").asText()).isTrue();
    }
    assertThat(Files.readString(run.resolve("report.md"))).contains("ok (before a resume)");
  }

  /** Adds 0.5 to the first value of the first tensor whose name starts with {@code prefix}. */
  private static void perturb(Path safetensors, String prefix) throws IOException {
    try (FileChannel ch =
        FileChannel.open(safetensors, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(len, 0);
      int n = (int) len.getLong(0);
      ByteBuffer header = ByteBuffer.allocate(n);
      ch.read(header, 8);
      JsonNode h = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
      for (Iterator<String> it = h.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (name.startsWith(prefix) && name.endsWith("weight")) {
          long at = 8 + n + h.path(name).path("data_offsets").get(0).asLong();
          ByteBuffer f = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
          ch.read(f, at);
          f.putFloat(0, f.getFloat(0) + 0.5f);
          f.rewind();
          ch.write(f, at);
          return;
        }
      }
    }
    throw new AssertionError("no tensor " + prefix + "*weight in " + safetensors);
  }

  private static void write(
      Path data,
      String task,
      boolean dev,
      java.util.function.IntFunction<String> label,
      java.util.function.IntFunction<String> word)
      throws IOException {
    Files.createDirectories(data.resolve(task));
    for (String split : dev ? List.of("train", "dev", "test") : List.of("train", "test")) {
      List<String> rows = new ArrayList<>(List.of("text\tlabel"));
      for (int i = 0; i < 24; i++) {
        rows.add("a " + word.apply(i) + " day " + split + " " + i + "\t" + label.apply(i));
      }
      Files.write(data.resolve(task).resolve(split + ".tsv"), rows);
    }
  }
}
