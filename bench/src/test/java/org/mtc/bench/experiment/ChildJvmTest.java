package org.mtc.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.io.ProcStatus;

/**
 * A child JVM that dies or cannot load its model becomes a failed record naming the exit code and
 * stderr.
 */
class ChildJvmTest {
  @TempDir Path tmp;

  @Test
  void childThatCannotStartIsReportedWithItsExitCodeAndStderr() throws IOException {
    Path settings = Files.writeString(tmp.resolve("s.conf"), "mtc.seed = 1\n");
    Path texts = Files.writeString(tmp.resolve("t.txt"), "hello\n");
    MemoryRecord r =
        new ChildJvm(List.of("-XX:+NoSuchOptionAnywhere"), 60, tmp.resolve("logs"))
            .probe("multitask", "mt", settings, texts, 1, 1, List.of(tmp.resolve("model")));
    assertThat(r.ok()).isFalse();
    assertThat(r.error()).contains("exited with code 1", "NoSuchOptionAnywhere");
    assertThat(r.peakRss()).isEqualTo(-1);
  }

  @Test
  void childThatFailsToLoadItsModelIsReported() throws IOException {
    Path settings = Files.writeString(tmp.resolve("s.conf"), "mtc.seed = 1\n");
    Path texts = Files.writeString(tmp.resolve("t.txt"), "hello\n");
    MemoryRecord r =
        new ChildJvm(List.of(), 120, tmp.resolve("logs"))
            .probe("single-task x", "st", settings, texts, 1, 1, List.of(tmp.resolve("no-model")));
    assertThat(r.ok()).isFalse();
    assertThat(r.error()).contains("exited with code 1", "no-model");
    assertThat(tmp.resolve("logs").resolve("st.err")).isNotEmptyFile();
  }

  @Test
  void procStatusReadsThisProcess() {
    assertThat(ProcStatus.rss()).isGreaterThan(1_000_000L);
    assertThat(ProcStatus.peakRss()).isGreaterThanOrEqualTo(ProcStatus.rss() / 2);
    try (ProcStatus.Sampler s = new ProcStatus.Sampler(10)) {
      assertThat(s.peak()).isGreaterThan(1_000_000L);
    }
  }
}
