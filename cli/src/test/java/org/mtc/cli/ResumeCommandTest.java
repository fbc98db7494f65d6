package org.mtc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.io.FileTrees;
import org.mtc.core.testing.TinyModelDirectory;

/** {@code train --max-time} and {@code train --resume} on the command line, with their errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResumeCommandTest {
  @TempDir static Path dir;
  Path backbone;
  Path data;
  Path tasks;

  @BeforeAll
  void data() throws Exception {
    backbone = TinyModelDirectory.create(dir.resolve("tiny"), "bert", 13);
    data = dir.resolve("data");
    for (String split : List.of("train", "dev")) {
      List<String> rows = new ArrayList<>(List.of("text\tlabel"));
      for (int i = 0; i < 48; i++) {
        rows.add(
            (i % 2 == 0 ? "a good day " : "a bad day ") + i + "\t" + (i % 2 == 0 ? "good" : "bad"));
      }
      Files.createDirectories(data.resolve("mood"));
      Files.write(data.resolve("mood").resolve(split + ".tsv"), rows);
    }
    tasks = dir.resolve("tasks.conf");
    Files.writeString(tasks, "mtc.tasks {\n  mood { data = mood }\n}\n");
  }

  private CommandLineTest.Result train(Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--tasks",
                tasks.toString(),
                "--backbone",
                backbone.toString(),
                "--data-dir",
                data.toString(),
                "--out",
                out.toString(),
                "--epochs",
                "3",
                "--batch-size",
                "8"));
    args.addAll(List.of(extra));
    return CommandLineTest.mtc("", args.toArray(String[]::new));
  }

  @Test
  void aRunCutByTimeResumesToTheEnd() throws Exception {
    Path out = dir.resolve("timed");
    CommandLineTest.Result cut = train(out, "--max-time", "1ms");
    assertThat(cut.code()).as(cut.err()).isZero();
    assertThat(cut.err()).contains("cut by time");
    assertThat(out.resolve("resume/state.json")).isRegularFile();
    CommandLineTest.Result refused = train(out);
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("--resume").contains("--overwrite");
    CommandLineTest.Result differs =
        CommandLineTest.mtc(
            "",
            "train",
            "--out",
            out.toString(),
            "--resume",
            "--data-dir",
            data.toString(),
            "--batch-size",
            "16");
    assertThat(differs.code()).isEqualTo(2);
    assertThat(differs.err()).contains("mtc.train.batch-size (--batch-size) is 16 now but was 8");
    // the run's own backbone (here through a link), engine, tasks and task settings (a default) may
    // be given again
    Path link = Files.createSymbolicLink(dir.resolve("tiny-link"), backbone);
    CommandLineTest.Result resumed =
        CommandLineTest.mtc(
            "",
            "train",
            "--out",
            out.toString(),
            "--resume",
            "--data-dir",
            data.toString(),
            "--max-time",
            "0",
            "--backbone",
            link.toString(),
            "--engine",
            "djl",
            "--only",
            "mood",
            "--tasks",
            tasks.toString(),
            "--set",
            "mtc.tasks.mood.kind=single-label");
    assertThat(resumed.code()).as(resumed.err()).isZero();
    var metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    assertThat(metrics.path("steps").asLong()).isEqualTo(18);
    assertThat(metrics.path("cut_by_time").asBoolean()).isFalse();
    assertThat(out.resolve("resume")).doesNotExist();
    assertThat(Files.readString(out.resolve("train.log")))
        .contains("cut by time")
        .contains("resumed from");
  }

  @Test
  void aResumeWithAnotherTaskWeightingIsRefused() {
    Path out = dir.resolve("weighting");
    CommandLineTest.Result cut = train(out, "--max-time", "1ms");
    assertThat(cut.code()).as(cut.err()).isZero();
    CommandLineTest.Result weighted =
        CommandLineTest.mtc(
            "",
            "train",
            "--out",
            out.toString(),
            "--resume",
            "--data-dir",
            data.toString(),
            "--set",
            "mtc.train.task-weighting=uncertainty");
    assertThat(weighted.code()).isEqualTo(2);
    assertThat(weighted.err())
        .contains("mtc.train.task-weighting")
        .contains("is uncertainty now but was none");
  }

  @Test
  void aResumeNeedsNotTheBackboneDirectory() throws Exception {
    Path moved = TinyModelDirectory.create(dir.resolve("moved"), "bert", 13);
    Path out = dir.resolve("moved-run");
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--tasks",
                tasks.toString(),
                "--backbone",
                moved.toString(),
                "--data-dir",
                data.toString(),
                "--out",
                out.toString(),
                "--epochs",
                "2",
                "--batch-size",
                "8"));
    args.addAll(List.of("--max-time", "1ms"));
    CommandLineTest.Result cut = CommandLineTest.mtc("", args.toArray(String[]::new));
    assertThat(cut.code()).as(cut.err()).isZero();
    FileTrees.delete(moved); // the checkpoint holds the encoder
    CommandLineTest.Result resumed =
        CommandLineTest.mtc(
            "",
            "train",
            "--out",
            out.toString(),
            "--resume",
            "--data-dir",
            data.toString(),
            "--max-time",
            "0");
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(out.resolve("resume")).doesNotExist();
  }

  @Test
  void resumeWithoutACheckpointAndABadDurationAreClearErrors() throws Exception {
    Path out = dir.resolve("finished");
    assertThat(train(out).code()).isZero();
    CommandLineTest.Result none =
        CommandLineTest.mtc("", "train", "--out", out.toString(), "--resume");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("has no checkpoint to resume from");
    CommandLineTest.Result notRun =
        CommandLineTest.mtc("", "train", "--out", dir.resolve("nothing").toString(), "--resume");
    assertThat(notRun.err()).contains("is not a run directory");
    CommandLineTest.Result bad = train(dir.resolve("bad-time"), "--max-time", "soon");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("max-time").contains("40m, 90s or 2h");
    assertThat(dir.resolve("bad-time")).doesNotExist();
  }
}
