package org.mtc.cli;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.testing.TinyModelDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option of {@code mtc train} is classified for {@code --resume}, and the classification
 * holds: an option that changes the result is checked against the run (a changed value is refused,
 * naming the option, and the run directory is left as it was), an option that contradicts resuming
 * is refused, and only options that cannot change the result are exempt. A new option fails {@link
 * #everyOptionIsClassified} until it is classified here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResumeOptionsTest {
  /**
   * Options that cannot change the result: what to continue, the time budget, help, the data
   * folder, and the matmul probe (a measurement beside the run).
   */
  private static final Set<String> EXEMPT =
      Set.of(
          "--out",
          "--resume",
          "--max-time",
          "--data-dir",
          "--help",
          "--version",
          "--roofline",
          "--profile");

  /** Options that contradict --resume. */
  private static final Set<String> REFUSED = Set.of("--overwrite");

  @TempDir static Path dir;
  Path run;
  Path data;
  Path tasks;

  /**
   * Each option that changes the result, with a value other than the run's and what the refusal
   * names.
   */
  Map<String, Change> checked;

  Path fewerTasks;

  record Change(List<String> args, String named) {}

  @BeforeAll
  void cutRun() throws Exception {
    Path backbone = TinyModelDirectory.create(dir.resolve("tiny"), "bert", 13);
    Path other = TinyModelDirectory.create(dir.resolve("other"), "bert", 14);
    data = dir.resolve("data");
    writeTrainAndDev(data);
    tasks = dir.resolve("tasks.conf");
    Files.writeString(tasks, "mtc.tasks {\n  mood { data = mood }\n  tags { data = tags }\n}\n");
    Path otherTasks = dir.resolve("other-tasks.conf");
    Files.writeString(
        otherTasks, "mtc.tasks {\n  mood { data = tags }\n  tags { data = tags }\n}\n");
    fewerTasks =
        Files.writeString(
            dir.resolve("fewer-tasks.conf"), "mtc.tasks {\n  mood { data = mood }\n}\n");
    Path config = dir.resolve("epochs.conf");
    Files.writeString(config, "mtc.train.epochs = 9\n");
    run = dir.resolve("run");
    CommandLineTest.Result cut =
        CommandLineTest.mtc(
            "",
            "train",
            "--tasks",
            tasks.toString(),
            "--only",
            "mood",
            "--backbone",
            backbone.toString(),
            "--data-dir",
            data.toString(),
            "--out",
            run.toString(),
            "--epochs",
            "3",
            "--batch-size",
            "8",
            "--max-time",
            "1ms");
    assertThat(cut.code()).as(cut.err()).isZero();
    assertThat(run.resolve("resume/state.json")).isRegularFile();
    checked = changes(otherTasks, other, config);
  }

  /** The train and dev splits of tasks mood and tags under {@code data}: 32 rows each. */
  private static void writeTrainAndDev(Path data) throws IOException {
    for (String task : List.of("mood", "tags")) {
      for (String split : List.of("train", "dev")) {
        List<String> rows = new ArrayList<>(List.of("text\tlabel"));
        for (int i = 0; i < 32; i++) {
          rows.add(
              (i % 2 == 0 ? "a good day " : "a bad day ")
                  + i
                  + "\t"
                  + (i % 2 == 0 ? "good" : "bad"));
        }
        Files.createDirectories(data.resolve(task));
        Files.write(data.resolve(task).resolve(split + ".tsv"), rows);
      }
    }
  }

  /**
   * Each option that changes the result, with a value other than the run's (another task set,
   * backbone and config file where the option names a file) and what the refusal names.
   */
  private static Map<String, Change> changes(Path otherTasks, Path otherBackbone, Path config) {
    return Map.ofEntries(
        entry("--tasks", new Change(List.of("--tasks", otherTasks.toString()), "other-tasks.conf")),
        entry("--only", new Change(List.of("--only", "tags"), "--only")),
        entry(
            "--backbone",
            new Change(List.of("--backbone", otherBackbone.toString()), "--backbone")),
        entry("--engine", new Change(List.of("--engine", "onnx"), "--engine")),
        entry(
            "--max-train-per-task",
            new Change(List.of("--max-train-per-task", "5"), "--max-train-per-task")),
        entry("--epochs", new Change(List.of("--epochs", "4"), "--epochs")),
        entry("--max-steps", new Change(List.of("--max-steps", "7"), "--max-steps")),
        entry("--batch-size", new Change(List.of("--batch-size", "16"), "--batch-size")),
        entry("--learning-rate", new Change(List.of("--learning-rate", "1e-3"), "--learning-rate")),
        entry(
            "--head-learning-rate",
            new Change(List.of("--head-learning-rate", "0.1"), "--head-learning-rate")),
        entry(
            "--trainable-layers",
            new Change(List.of("--trainable-layers", "1"), "--trainable-layers")),
        entry("--max-length", new Change(List.of("--max-length", "16"), "--max-length")),
        entry("--seed", new Change(List.of("--seed", "7"), "--seed")),
        entry(
            "--teachers",
            new Change(
                List.of("--teachers", "mood=" + otherBackbone),
                "mtc.train.distill.teachers.mood (--teachers)")),
        entry("--config", new Change(List.of("--config", config.toString()), "epochs.conf")),
        entry(
            "--set",
            new Change(
                List.of("--set", "mtc.backbone.dropout=0.3"), "--set mtc.backbone.dropout")));
  }

  @Test
  void everyOptionIsClassified() {
    Set<String> options = new TreeSet<>();
    for (OptionSpec o : new CommandLine(new TrainCommand()).getCommandSpec().options()) {
      options.add(o.longestName());
    }
    Set<String> classified = new TreeSet<>(EXEMPT);
    classified.addAll(REFUSED);
    classified.addAll(checked.keySet());
    assertThat(options)
        .as("every option of mtc train is checked, refused or exempt on --resume")
        .isEqualTo(classified);
    assertThat(EXEMPT).doesNotContainAnyElementsOf(checked.keySet());
  }

  @Test
  void aChangedOptionIsRefusedByNameAndLeavesTheRunAsItWas() throws IOException {
    Map<String, String> before = snapshot(run);
    for (var e : new TreeMap<>(checked).entrySet()) {
      List<String> args =
          new ArrayList<>(
              List.of("train", "--out", run.toString(), "--resume", "--data-dir", data.toString()));
      args.addAll(e.getValue().args());
      CommandLineTest.Result r = CommandLineTest.mtc("", args.toArray(String[]::new));
      assertThat(r.code()).as(e.getKey() + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).as(e.getKey()).contains("cannot resume").contains(e.getValue().named());
      assertThat(snapshot(run))
          .as(e.getKey() + " left the run directory as it was")
          .isEqualTo(before);
    }
    // a task set without one of the run's tasks
    CommandLineTest.Result fewer =
        CommandLineTest.mtc(
            "",
            "train",
            "--out",
            run.toString(),
            "--resume",
            "--tasks",
            fewerTasks.toString(),
            "--max-time",
            "1ms");
    assertThat(fewer.code()).as(fewer.err()).isEqualTo(2);
    assertThat(fewer.err())
        .contains("fewer-tasks.conf (--tasks) has tasks mood but the run's had mood, tags");
    assertThat(snapshot(run)).isEqualTo(before);
    for (String option : REFUSED) {
      CommandLineTest.Result r =
          CommandLineTest.mtc("", "train", "--out", run.toString(), "--resume", option);
      assertThat(r.code()).as(option).isEqualTo(2);
      assertThat(r.err()).contains(option);
      assertThat(snapshot(run)).as(option + " left the run directory as it was").isEqualTo(before);
    }
  }

  /** Every file under {@code root} with its size, time and content hash. */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        files.put(
            root.relativize(p).toString(),
            Files.isDirectory(p)
                ? "dir"
                : Files.size(p)
                    + " "
                    + Files.getLastModifiedTime(p)
                    + " "
                    + Arrays.hashCode(Files.readAllBytes(p)));
      }
    }
    return files;
  }
}
