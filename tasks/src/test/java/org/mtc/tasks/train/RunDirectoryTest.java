package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
  @TempDir Path dir;

  private static void finishedRun(Path run, String marker) throws Exception {
    Files.createDirectories(run.resolve("model"));
    Files.writeString(run.resolve("model/heads.safetensors"), marker);
    Files.writeString(run.resolve("train.log"), marker);
  }

  @Test
  void aFailedNewRunLeavesNothingThatBlocksTheNextAttempt() throws Exception {
    Path out = dir.resolve("new");
    try (RunDirectory run = RunDirectory.start(out, false)) {
      assertThat(run.path()).isEqualTo(out.toAbsolutePath());
      Files.writeString(run.path().resolve("train.log"), "started");
    }
    assertThat(out).doesNotExist();
    RunDirectory.check(out, false);
  }

  @Test
  void aReplacingRunPublishesOnlyWithACheckpoint() throws Exception {
    Path out = dir.resolve("run");
    finishedRun(out, "old");
    try (RunDirectory run = RunDirectory.start(out, true)) {
      assertThat(run.replacing()).isTrue();
      Files.writeString(run.path().resolve("train.log"), "new, failed before a checkpoint");
    }
    assertThat(Files.readString(out.resolve("model/heads.safetensors"))).isEqualTo("old");
    try (RunDirectory run = RunDirectory.start(out, true)) {
      finishedRun(run.path(), "new");
    }
    assertThat(Files.readString(out.resolve("model/heads.safetensors"))).isEqualTo("new");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("run");
    }
  }

  @Test
  void stoppedAtExitARunKeepsItsCheckpointOrLeavesNothing() throws Exception {
    Path out = dir.resolve("stopped");
    RunDirectory fresh = RunDirectory.start(out, false);
    Files.writeString(fresh.path().resolve("train.log"), "started");
    Files.writeString(fresh.path().resolve(".metrics.json.123456.tmp"), "half");
    fresh.stopAtExit();
    assertThat(out).doesNotExist();
    Path old = dir.resolve("old");
    finishedRun(old, "old");
    RunDirectory replacing = RunDirectory.start(old, true);
    Files.writeString(replacing.path().resolve("train.log"), "new, no checkpoint yet");
    replacing.stopAtExit();
    replacing.close();
    assertThat(Files.readString(old.resolve("train.log"))).isEqualTo("old");
    RunDirectory checkpointed = RunDirectory.start(old, true);
    finishedRun(checkpointed.path(), "new");
    checkpointed.stopAtExit();
    assertThat(Files.readString(old.resolve("model/heads.safetensors")))
        .as("replaced, to be resumed")
        .isEqualTo("new");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("old");
    }
  }

  @Test
  void theTemporaryFileOfAKilledWriteDoesNotMakeARunForeign() throws Exception {
    Path run = dir.resolve("run");
    finishedRun(run, "old");
    Files.writeString(run.resolve(".metrics.json.8123456789.tmp"), "half");
    RunDirectory.check(run, true);
    Files.writeString(run.resolve(".notes.txt.1.tmp"), "x");
    assertThatThrownBy(() -> RunDirectory.check(run, true))
        .hasMessageContaining(".notes.txt.1.tmp");
  }

  @Test
  void anExportIntoTheRunDirectoryKeepsItARun() throws Exception {
    Path run = dir.resolve("run");
    finishedRun(run, "old");
    Files.writeString(run.resolve("model.onnx"), "graph");
    Files.writeString(run.resolve(".model.onnx.77.tmp"), "half a graph");
    RunDirectory.check(run, true);
    assertThatThrownBy(() -> RunDirectory.check(run, false)).hasMessageContaining("already exists");
  }

  @Test
  void foreignFilesAndPlainFilesAreNeverReplaced() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data.resolve("emotion"));
    Files.writeString(data.resolve("README.md"), "x");
    assertThatThrownBy(() -> RunDirectory.check(data, true))
        .hasMessageContaining("holds files that no mtc run " + "writes (README.md, emotion)");
    Path file = Files.writeString(dir.resolve("f.txt"), "x");
    assertThatThrownBy(() -> RunDirectory.check(file, true)).hasMessageContaining("is a file");
    Path run = dir.resolve("run");
    finishedRun(run, "old");
    assertThatThrownBy(() -> RunDirectory.check(run, false))
        .hasMessageContaining("already exists")
        .hasMessageContaining("--overwrite");
  }
}
