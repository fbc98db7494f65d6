package org.mtc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.mtc.core.TaskKind;
import org.mtc.core.task.TaskSet;
import org.mtc.core.task.TaskSpec;
import org.mtc.core.testing.TinyModelDirectory;
import org.mtc.heads.Heads;
import org.mtc.library.Mtc;
import org.mtc.tasks.compose.Provenance;
import org.mtc.tasks.model.FileDigest;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.model.TasksConf;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.Prediction;

/**
 * {@code mtc tasks add --mode distill} and {@code mtc tasks merge} end to end on tiny models: a
 * distilled add keeps the old tasks' answers closer to the source than a plain fine-tune of the
 * encoder on the new task does; a merge of two models answers every task of both with one encoder;
 * each records its sources; bad input is refused with exit 2 and writes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TasksDistillAndMergeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> OLD = List.of("mood", "tags");

  @TempDir static Path dir;
  Path backbone;
  Path data;
  Path source; // mood + tags
  Path feelModel; // feel alone
  Path newTasks;
  Path distilled;
  Path merged;
  String sourceDigest;
  Result addResult;
  Result mergeResult;

  @BeforeAll
  void trainAddAndMerge() throws Exception {
    backbone = TinyModelDirectory.create(dir.resolve("tiny"), "bert", 17);
    data = dir.resolve("data");
    write(
        "mood",
        "text\tlabel",
        i -> i % 2 == 0 ? "good" : "bad",
        i -> i % 2 == 0 ? "a fine day " : "a poor day ");
    write(
        "tags",
        "text\tlabels",
        i -> i % 3 == 0 ? "x|y" : "y",
        i -> i % 3 == 0 ? "so day " : "a day ");
    write(
        "feel",
        "text\tlabel",
        i -> i % 2 == 0 ? "up" : "down",
        i -> i % 2 == 0 ? "so happy and good " : "very sad and bad ");
    source =
        train(
            "source",
            "mtc.tasks {\n  mood { data = mood }\n  tags { data = tags, kind = multi-label }\n}\n");
    feelModel = train("feel-model", "mtc.tasks {\n  feel { data = feel }\n}\n");
    sourceDigest = FileDigest.of(source.resolve("model"));
    newTasks =
        Files.writeString(dir.resolve("new.conf"), "mtc.tasks {\n  feel { data = feel }\n}\n");
    distilled = dir.resolve("distilled");
    addResult =
        CommandLineTest.mtc(
            "",
            args(
                "tasks add --mode distill --model " + source + " --tasks " + newTasks,
                "--out "
                    + distilled
                    + " --replay 24 --new-texts 24 --max-steps 60 --learning-rate 0.01"));
    assertThat(addResult.code()).as(addResult.err()).isZero();
    assertThat(addResult.err())
        .contains("teacher predictions for mood", "distillation", "wrote " + distilled)
        .contains("3 tasks (mood, tags, feel)");
    merged = dir.resolve("merged");
    mergeResult =
        CommandLineTest.mtc(
            "",
            args(
                "tasks merge --models " + source + "," + feelModel,
                "--out " + merged + " --epochs 8 --head-learning-rate 0.01"));
    assertThat(mergeResult.code()).as(mergeResult.err()).isZero();
  }

  private Path train(String name, String conf) throws IOException {
    Path tasks = Files.writeString(dir.resolve(name + ".conf"), conf);
    Path run = dir.resolve(name);
    Result r =
        CommandLineTest.mtc(
            "",
            args(
                "train --tasks " + tasks + " --backbone " + backbone,
                "--out " + run + " --epochs 4 --learning-rate 0.001"));
    assertThat(r.code()).as(r.err()).isZero();
    return run;
  }

  private String[] args(String... parts) {
    List<String> out = new ArrayList<>();
    for (String p : parts) {
      out.addAll(List.of(p.split(" ")));
    }
    out.addAll(List.of("--data-dir", data.toString(), "--batch-size", "8", "--seed", "5"));
    return out.toArray(String[]::new);
  }

  private void write(
      String task, String header, IntFunction<String> label, IntFunction<String> text)
      throws IOException {
    Files.createDirectories(data.resolve(task));
    for (String split : List.of("train", "dev", "test")) {
      List<String> rows = new ArrayList<>(List.of(header));
      for (int i = 0; i < 24; i++) {
        rows.add(text.apply(i) + split + " " + i + "\t" + label.apply(i));
      }
      Files.write(data.resolve(task).resolve(split + ".tsv"), rows);
    }
  }

  /** The old tasks' texts: every dev row of mood and tags and of the new task. */
  private List<Input> texts() throws IOException {
    List<Input> out = new ArrayList<>();
    for (String task : List.of("mood", "tags", "feel")) {
      Files.readAllLines(data.resolve(task).resolve("dev.tsv")).stream()
          .skip(1)
          .forEach(l -> out.add(Input.of(l.split("\t")[0])));
    }
    return out;
  }

  /** Mean absolute difference of the old tasks' probabilities from the source's. */
  private double drift(Path model) throws IOException {
    List<Input> texts = texts();
    try (Classifier a = Mtc.open(source);
        Classifier b = Mtc.open(model)) {
      List<Prediction> pa = a.predict(texts);
      List<Prediction> pb = b.predict(texts);
      double sum = 0;
      int n = 0;
      for (int i = 0; i < texts.size(); i++) {
        for (String task : OLD) {
          Map<String, Float> x = pa.get(i).task(task).probabilities();
          Map<String, Float> y = pb.get(i).task(task).probabilities();
          for (String label : x.keySet()) {
            sum += Math.abs(x.get(label) - y.get(label));
            n++;
          }
        }
      }
      return sum / n;
    }
  }

  /**
   * The plain fine-tune: the source's encoder trained on the new task alone (same budget and
   * learning rate and steps), carrying the source's old heads unchanged.
   */
  private Path plainFineTune() throws IOException {
    Path run = dir.resolve("plain-run");
    Result r =
        CommandLineTest.mtc(
            "",
            args(
                "train --tasks " + newTasks + " --backbone " + source.resolve("model/backbone"),
                "--out " + run + " --max-steps 60 --learning-rate 0.01"));
    assertThat(r.code()).as(r.err()).isZero();
    Path plain = dir.resolve("plain");
    Path tuned = run.resolve("model");
    Files.createDirectories(plain);
    try (Stream<Path> files = Files.walk(tuned.resolve("backbone"))) {
      for (Path p : files.toList()) {
        Path to = plain.resolve(tuned.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    TasksConf old = TasksConf.read(source.resolve("model").resolve(TasksConf.FILE));
    TasksConf added = TasksConf.read(tuned.resolve(TasksConf.FILE));
    List<TaskSpec> all = new ArrayList<>(old.tasks().tasks());
    all.addAll(added.tasks().tasks());
    Map<String, TaskKind> kinds = new LinkedHashMap<>();
    all.forEach(t -> kinds.put(t.name(), t.kind()));
    Heads.combine(
        List.of(
            source.resolve("model").resolve(MultitaskModel.HEADS_FILE),
            tuned.resolve(MultitaskModel.HEADS_FILE)),
        plain.resolve(MultitaskModel.HEADS_FILE),
        kinds);
    Files.writeString(
        plain.resolve(TasksConf.FILE),
        new TasksConf(new TaskSet(all), old.pooling(), old.maxLength(), old.heads()).render());
    return plain;
  }

  @Test
  void aDistilledAddKeepsTheOldAnswersCloserToTheSourceThanAPlainFineTune() throws Exception {
    double distilledDrift = drift(distilled);
    double plainDrift = drift(plainFineTune());
    assertThat(distilledDrift)
        .as("the encoder trained, so the old answers moved a little")
        .isGreaterThan(0);
    assertThat(distilledDrift)
        .as("distilled drift %s vs plain fine-tune drift %s", distilledDrift, plainDrift)
        .isLessThan(plainDrift);
    try (Classifier c = Mtc.open(distilled)) {
      assertThat(c.labels()).containsOnlyKeys("mood", "tags", "feel");
    }
  }

  @Test
  void theDistilledAddRecordsItsSourceModeAndData() throws Exception {
    JsonNode p = JSON.readTree(distilled.resolve(Provenance.FILE).toFile());
    assertThat(p.path("operation").asText()).isEqualTo("add");
    assertThat(p.path("mode").asText()).isEqualTo("distill");
    assertThat(p.path("replay").asInt()).isEqualTo(24);
    assertThat(p.path("sources").path(0).path("sha256").asText()).isEqualTo(sourceDigest);
    assertThat(p.path("inputs").path("data").toString()).contains("mood", "tags", "feel");
    assertThat(p.path("training").path("encoder").asText()).isEqualTo("trainable-layers=all");
    assertThat(FileDigest.of(source.resolve("model")))
        .as("the source is only read")
        .isEqualTo(sourceDigest);
  }

  @Test
  void aMergeAnswersEveryTaskOfBothSourcesWithOneEncoder() throws Exception {
    assertThat(mergeResult.err())
        .contains("teacher predictions for mood", "teacher predictions for feel")
        .contains("wrote " + merged, "3 tasks (mood, tags, feel) on one encoder");
    try (Classifier c = Mtc.open(merged);
        Classifier feel = Mtc.open(feelModel)) {
      assertThat(c.labels()).containsOnlyKeys("mood", "tags", "feel");
      assertThat(c.labels().get("feel")).isEqualTo(feel.labels().get("feel"));
      List<Input> texts = texts().subList(48, 72); // feel's dev texts
      List<Prediction> p = c.predict(texts);
      List<Prediction> q = feel.predict(texts);
      int agree = 0;
      for (int i = 0; i < texts.size(); i++) {
        if (p.get(i).task("feel").labels().equals(q.get(i).task("feel").labels())) {
          agree++;
        }
      }
      assertThat(agree)
          .as("the merged model answers feel as its teacher does on most of its dev texts")
          .isGreaterThan(texts.size() * 2 / 3);
    }
    JsonNode prov = JSON.readTree(merged.resolve(Provenance.FILE).toFile());
    assertThat(prov.path("operation").asText()).isEqualTo("merge");
    assertThat(prov.path("sources")).hasSize(2);
    assertThat(prov.path("teachers").path("feel").asText()).contains("feel-model");
  }

  @Test
  void badInputIsRefusedWithExit2AndWritesNothing() throws Exception {
    Path bad = Files.createDirectories(dir.resolve("bad"));
    Path out = bad.resolve("out");
    Path otherMood = train("other-mood", "mtc.tasks {\n  mood { data = feel }\n}\n");
    Path wide = dir.resolve("wide");
    Path wideBackbone =
        TinyModelDirectory.create(dir.resolve("tiny48"), "bert", 48, 2, 4, 64, 64, "gelu", 3);
    Result w =
        CommandLineTest.mtc(
            "",
            args(
                "train --tasks " + newTasks + " --backbone " + wideBackbone,
                "--out " + wide + " --max-steps 2"));
    assertThat(w.code()).as(w.err()).isZero();
    refused(
        CommandLineTest.mtc("", args("tasks merge --models " + source, "--out " + out)),
        "a merge needs two or more");
    refused(
        CommandLineTest.mtc(
            "", args("tasks merge --models " + source + "," + source, "--out " + out)),
        "twice");
    refused(
        CommandLineTest.mtc(
            "", args("tasks merge --models " + source + "," + otherMood, "--out " + out)),
        "task 'mood' is answered by both",
        "[bad, good]",
        "[down, up]");
    refused(
        CommandLineTest.mtc(
            "", args("tasks merge --models " + source + "," + wide, "--out " + out)),
        "different encoders",
        "hidden size 32 vs 48",
        "--backbone " + source);
    refused(
        CommandLineTest.mtc(
            "",
            args(
                "tasks add --mode frozen --model " + source + " --tasks " + newTasks,
                "--out " + out + " --replay 5")),
        "--replay",
        "--mode distill");
    refused(
        CommandLineTest.mtc(
            "",
            args(
                "tasks add --mode distill --model " + source + " --tasks " + newTasks,
                "--out " + out + " --replay 0 --new-texts 0")),
        "forget");
    try (Stream<Path> left = Files.list(bad)) {
      assertThat(left).isEmpty();
    }
  }

  private static void refused(Result r, String... parts) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("mtc: ").contains(parts).doesNotContain("\tat org.");
  }
}
