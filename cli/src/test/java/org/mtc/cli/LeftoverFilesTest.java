package org.mtc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.testing.TinyModelDirectory;

/**
 * Files left behind when {@code mtc} is stopped: each case runs {@code mtc} as its own JVM, waits
 * until it has started writing, sends SIGTERM ({@link Process#destroy()}) and checks that nothing
 * half-made is left and that nothing already saved was changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeftoverFilesTest {
  @TempDir static Path dir;
  Path backbone;
  Path data;
  Path tasks;
  Path run;

  @BeforeAll
  void trainOnce() throws Exception {
    backbone = TinyModelDirectory.create(dir.resolve("tiny"), "bert", 17);
    data = dir.resolve("data");
    for (String split : List.of("train", "dev")) {
      List<String> mood = new ArrayList<>(List.of("text\tlabel"));
      for (int i = 0; i < 16; i++) {
        mood.add(
            (i % 2 == 0 ? "a good day " : "a bad day ") + i + "\t" + (i % 2 == 0 ? "good" : "bad"));
      }
      Files.createDirectories(data.resolve("mood"));
      Files.write(data.resolve("mood").resolve(split + ".tsv"), mood);
    }
    tasks =
        Files.writeString(dir.resolve("tasks.conf"), "mtc.tasks {\n  mood { data = mood }\n}\n");
    run = dir.resolve("run");
    CommandLineTest.Result r =
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
            "1");
    assertThat(r.code()).as(r.err()).isZero();
  }

  /** Starts {@code mtc ARGS} as its own JVM, standard error (and output) to {@code log}. */
  private static Process mtcProcess(Path log, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Training that writes no checkpoint for a long while: evaluations and checkpoints far apart. */
  private Process slowTraining(Path out, Path log, String... extra) throws IOException {
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
                "--max-steps",
                "1000000",
                "--batch-size",
                "2",
                "--set",
                "mtc.train.eval-every=1000000",
                "--set",
                "mtc.train.checkpoint-every=0"));
    args.addAll(List.of(extra));
    return mtcProcess(log, args.toArray(String[]::new));
  }

  /** Waits (at most 60 s) until {@code found} gives a path, while {@code process} runs. */
  private static Path await(Process process, Path log, Supplier<Optional<Path>> found)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && process.isAlive()) {
      Optional<Path> p = found.get();
      if (p.isPresent()) {
        return p.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the child never got there; its log: " + Files.readString(log));
  }

  /** Sends SIGTERM and returns the child's log once it has ended. */
  private static String terminate(Process process, Path log) throws Exception {
    try {
      process.destroy(); // SIGTERM
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("ended after SIGTERM").isTrue();
      return Files.readString(log, StandardCharsets.UTF_8);
    } finally {
      process.destroyForcibly();
    }
  }

  private static Optional<Path> existing(Path file) {
    return Files.exists(file) ? Optional.of(file) : Optional.empty();
  }

  private static List<String> hiddenSiblings(Path of) throws IOException {
    try (Stream<Path> s = Files.list(of.getParent())) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("." + of.getFileName()))
          .toList();
    }
  }

  @Test
  void sigtermBeforeTheFirstCheckpointLeavesNoRunDirectory() throws Exception {
    Path out = dir.resolve("stopped");
    Path log = dir.resolve("stopped.log");
    Process child = slowTraining(out, log);
    await(child, log, () -> existing(out.resolve("train.log")));
    String err = terminate(child, log);
    assertThat(out).as(err).doesNotExist();
    assertThat(hiddenSiblings(out)).isEmpty();
    assertThat(err)
        .contains("mtc: stopped before the first checkpoint; removed " + out.toAbsolutePath())
        .doesNotContain("\tat org.");
  }

  @Test
  void sigtermBeforeTheFirstCheckpointOfAnOverwriteKeepsTheOldRun() throws Exception {
    Path old = dir.resolve("old-run");
    try (Stream<Path> files = Files.walk(run)) {
      for (Path p : files.toList()) {
        Path copy = old.resolve(run.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(p, copy);
        }
      }
    }
    byte[] heads = Files.readAllBytes(old.resolve("model/heads.safetensors"));
    String trainLog = Files.readString(old.resolve("train.log"));
    Path log = dir.resolve("overwrite.log");
    Process child = slowTraining(old, log, "--overwrite");
    await(
        child,
        log,
        () -> {
          try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".old-run.staging-"))
                .map(p -> p.resolve("train.log"))
                .filter(Files::exists)
                .findFirst();
          } catch (IOException e) {
            return Optional.empty();
          }
        });
    String err = terminate(child, log);
    assertThat(Files.readAllBytes(old.resolve("model/heads.safetensors"))).as(err).isEqualTo(heads);
    assertThat(Files.readString(old.resolve("train.log"))).isEqualTo(trainLog);
    assertThat(hiddenSiblings(old)).as("no staging directory left").isEmpty();
    assertThat(err).contains("the old run in " + old.toAbsolutePath() + " is kept as it was");
  }

  @Test
  void sigtermDuringAnnotateLeavesNoPartFile() throws Exception {
    Path fifo = dir.resolve("corpus.tsv");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Path output = dir.resolve("labelled.jsonl");
    Path log = dir.resolve("annotate.log");
    Process child =
        mtcProcess(
            log,
            "annotate",
            "--model",
            run.toString(),
            "--input",
            fifo.toString(),
            "--output",
            output.toString(),
            "--batch-size",
            "4");
    // The pipe stays open with one row written: the child opens its output and then waits for more
    // rows.
    try (var writer = Files.newBufferedWriter(fifo)) {
      writer.write("text\na good day\n");
      writer.flush();
      Path part = StagedOutput.partFile(output.toAbsolutePath(), child.pid());
      await(child, log, () -> existing(part));
      String err = terminate(child, log);
      assertThat(part).as(err).doesNotExist();
    }
    assertThat(output).doesNotExist();
    assertThat(hiddenSiblings(output)).isEmpty();
  }
}
