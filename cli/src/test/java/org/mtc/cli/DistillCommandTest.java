package org.mtc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
 * {@code mtc train --teachers}: a tiny teacher trained on one task teaches a student, on the onnx
 * engine; its predictions are stored in the run and reused by {@code --resume}; bad teachers and
 * settings are refused before anything trains.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DistillCommandTest {
  @TempDir static Path dir;
  Path backbone;
  Path data;
  Path tasks;
  Path teacher;

  @BeforeAll
  void trainTeacher() throws Exception {
    backbone = TinyModelDirectory.create(dir.resolve("tiny"), "bert", 13);
    data = dir.resolve("data");
    write(data.resolve("mood"), "good", "bad");
    write(data.resolve("tags"), "x", "y");
    tasks = dir.resolve("tasks.conf");
    Files.writeString(tasks, "mtc.tasks {\n  mood { data = mood }\n  tags { data = tags }\n}\n");
    teacher = dir.resolve("teacher");
    CommandLineTest.Result r = train(teacher, "--only", "mood", "--epochs", "2");
    assertThat(r.code()).as(r.err()).isZero();
  }

  private CommandLineTest.Result train(Path out, String... more) {
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
                "--batch-size",
                "8"));
    args.addAll(List.of(more));
    return CommandLineTest.mtc("", args.toArray(String[]::new));
  }

  private static void write(Path task, String a, String b) throws IOException {
    Files.createDirectories(task);
    for (String split : List.of("train", "dev")) {
      List<String> rows = new ArrayList<>(List.of("text\tlabel"));
      for (int i = 0; i < 24; i++) {
        rows.add((i % 2 == 0 ? "a fine day " : "a poor day ") + i + "\t" + (i % 2 == 0 ? a : b));
      }
      Files.write(task.resolve(split + ".tsv"), rows);
    }
  }

  @Test
  void aStudentLearnsFromItsTeacherAndAResumeReusesTheStoredPredictions() throws Exception {
    Path student = dir.resolve("student");
    CommandLineTest.Result cut =
        train(student, "--teachers", "mood=" + teacher, "--epochs", "3", "--max-time", "1ms");
    assertThat(cut.code()).as(cut.err()).isZero();
    assertThat(student.resolve("teachers/mood.bin")).isRegularFile();
    assertThat(student.resolve("teachers/tags.bin")).doesNotExist();
    assertThat(student.resolve("train.log"))
        .content()
        .contains("teacher predictions for mood: predicting on " + teacher)
        .contains("teacher predictions for mood: 24/24 inputs")
        .contains("distillation: mood from teachers, gold weight annealed from 0 to 1");
    assertThat(student.resolve("settings.conf")).content().contains(teacher.toString());

    CommandLineTest.Result resumed =
        CommandLineTest.mtc(
            "", "train", "--out", student.toString(), "--resume", "--data-dir", data.toString());
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(Files.readString(student.resolve("train.log")))
        .contains("teacher predictions for mood: 24 training inputs, stored in")
        .contains("(reused)");
  }

  @Test
  void teachersThatCannotChangeTheRunAreWarnedAbout() {
    CommandLineTest.Result r =
        train(
            dir.resolve("gold-only"),
            "--teachers",
            "mood=" + teacher,
            "--max-steps",
            "1",
            "--set",
            "mtc.train.distill.schedule=constant",
            "--set",
            "mtc.train.distill.gold-weight=1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err())
        .contains("mtc: warning: --teachers does nothing: mtc.train.distill.gold-weight = 1");
  }

  @Test
  void aTeacherWithOtherLabelsIsRefusedBeforeTheRunDirectoryIsMade() {
    Path out = dir.resolve("wrong-labels");
    CommandLineTest.Result r = train(out, "--teachers", "tags=" + teacher);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("the teacher of task 'tags', " + teacher)
        .contains("does not answer that task; it answers mood");
    assertThat(out).doesNotExist();
  }

  @Test
  void badTeachersAndSettingsAreRefusedNamingThem() {
    Path out = dir.resolve("bad");
    assertThat(train(out, "--teachers", "mood=" + dir.resolve("nowhere")).err())
        .contains("the teacher of task 'mood', " + dir.resolve("nowhere") + ", does not exist");
    assertThat(train(out, "--teachers", "sleep=" + teacher).err())
        .contains("a teacher is given for task 'sleep'")
        .contains("its tasks: mood, tags");
    assertThat(train(out, "--teachers", "=x").err()).contains("give TASK=MODEL");
    assertThat(train(out, "--teachers", dir.toString()).err())
        .contains("not a bench run with single-task models");
    assertThat(
            train(
                    out,
                    "--teachers",
                    "mood=" + teacher,
                    "--set",
                    "mtc.train.distill.gold-weight=1.5")
                .err())
        .contains("mtc.train.distill.gold-weight must be in [0, 1]")
        .contains("got 1.5");
    assertThat(train(out, "--set", "mtc.train.distill.temperature=0").err())
        .contains("mtc.train.distill.temperature must be in (0, 100]");
    assertThat(train(out, "--set", "mtc.train.distill.schedule=cosine").err())
        .contains("unknown distillation schedule 'cosine'; choose one of [constant, anneal]");
    assertThat(out).doesNotExist();
  }
}
