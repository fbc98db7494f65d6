package org.mtc.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mtc annotate --spark} stopped by SIGTERM (or Ctrl-C) while it writes leaves neither the
 * output nor its hidden {@code .NAME.part-<application>} folder behind: the job runs in a child
 * JVM, as spark-submit would run it.
 */
class StoppedJobTest {
  @TempDir Path dir;

  @Test
  void aJobStoppedWhileWritingLeavesNoPartFolder() throws Exception {
    List<String> lines = new ArrayList<>(List.of("text"));
    for (int i = 0; i < 300_000; i++) {
      lines.add("a sentence number " + i + " to label");
    }
    Path input = Files.write(dir.resolve("big.tsv"), lines);
    Path output = dir.resolve("big.parquet");
    List<String> command =
        new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
    command.addAll(
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--add-opens") || a.startsWith("-D"))
            .toList());
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            AnnotateJob.class.getName(),
            "master=local[1]",
            "model=" + TinyTrainedModel.run(),
            "input=" + input,
            "output=" + output));
    Process job =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("job.log").toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (partFolders().isEmpty() && job.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(partFolders())
          .as("the job writes; its log: %s", Files.readString(dir.resolve("job.log")))
          .isNotEmpty();
      job.destroy(); // SIGTERM
      assertThat(job.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(output).as("stopped before it finished").doesNotExist();
      assertThat(partFolders()).as("left behind").isEmpty();
    } finally {
      job.destroyForcibly();
    }
  }

  private List<String> partFolders() throws Exception {
    try (Stream<Path> all = Files.list(dir)) {
      return all.map(p -> p.getFileName().toString()).filter(n -> n.contains(".part-")).toList();
    }
  }
}
