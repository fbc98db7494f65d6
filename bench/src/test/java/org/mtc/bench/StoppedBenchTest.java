package org.mtc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.bench.experiment.JavaLauncher;

/** A bench --overwrite stopped by SIGTERM says where its run so far and the run it replaced are. */
class StoppedBenchTest {
  @TempDir Path tmp;

  @Test
  void aStoppedOverwriteNamesTheRunToResumeAndTheRunSetAside() throws Exception {
    Path run = tmp.resolve("run");
    Files.createDirectories(run);
    Files.writeString(run.resolve(BenchRuns.COMMAND_FILE), "mtc bench\n");
    Process child =
        JavaLauncher.start(
            JavaLauncher.processBuilder(
                    java.util.List.of("-Xmx64m"), Child.class, java.util.List.of(run.toString()))
                .redirectErrorStream(true));
    String all;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("running");
      child.toHandle().destroy(); // SIGTERM, keeping the pipe open (Process.destroy closes it)
      all = String.join("\n", out.lines().toList()); // up to the child's end
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(all)
        .contains("mtc bench: stopped; the run so far is in " + run)
        .contains("--resume " + run)
        .contains("the run it was replacing is kept in ")
        .contains(".run.previous-");
  }

  /** Sets a run aside as bench --overwrite does, then works until stopped. */
  static final class Child {
    public static void main(String[] args) throws Exception {
      Path run = Path.of(args[0]);
      Path previous = BenchRuns.setAside(run);
      try (var stopped = BenchRuns.announceAtExit(run, previous)) {
        System.out.println("running");
        System.out.flush();
        Thread.sleep(60_000);
      }
    }
  }
}
