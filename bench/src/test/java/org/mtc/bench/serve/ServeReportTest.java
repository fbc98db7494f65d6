package org.mtc.bench.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serve report: nearest-rank percentiles, the goals judged from the phases, and the
 * files written.
 */
class ServeReportTest {
  @TempDir Path dir;

  @Test
  void percentilesAreNearestRankInMilliseconds() {
    long[] nanos = new long[100];
    for (int i = 0; i < 100; i++) {
      nanos[i] = (i + 1) * 1_000_000L;
    }
    assertThat(LoadGenerator.pct(nanos, 0.50)).isEqualTo(50.0);
    assertThat(LoadGenerator.pct(nanos, 0.99)).isEqualTo(99.0);
    assertThat(LoadGenerator.pct(new long[] {7_000_000L}, 0.99)).isEqualTo(7.0);
    assertThat(LoadGenerator.pct(new long[0], 0.5)).isNaN();
  }

  private static ServeBench.Phase phase(
      String name, String batching, double throughput, double p99, long errors) {
    return new ServeBench.Phase(
        name,
        batching,
        new LoadGenerator.Result(
            16,
            10,
            (long) (throughput * 10),
            errors,
            throughput,
            p99 / 2,
            p99 * 0.9,
            p99,
            0,
            errors > 0 ? "HTTP 503: busy" : null),
        8,
        400_000_000L,
        300_000_000L);
  }

  @Test
  void goalsAreJudgedFromThePhasesAndTheReportIsWritten() throws Exception {
    ServeBench.Report r =
        new ServeBench.Report(
            List.of(
                phase(ServeBench.SATURATED_ON + " (16 clients)", "on", 300, 80, 0),
                phase(ServeBench.DREAM_USERS, "on", 200, 50, 0),
                phase(ServeBench.HALF_LOAD + " (150 req/s)", "on", 150, 120, 1),
                phase(ServeBench.SATURATED_OFF + " (16 clients)", "off", 90, 200, 0)),
            210,
            32,
            95,
            205,
            8,
            320,
            List.of(0, 0),
            400_000_000L,
            460_000_000L);
    List<ServeReport.Goal> goals = ServeReport.goals(r);
    assertThat(goals.get(0).met()).as("300 / 90 >= 3").isTrue();
    assertThat(goals.get(1).met()).as("p99 120 ms at half load").isFalse();
    assertThat(goals.get(2).measured()).isEqualTo("1");
    assertThat(goals.get(3).met()).as("the larger peak counts: 460 MB").isFalse();
    assertThat(goals.get(4).met()).as("200 / 210 >= 0.9").isTrue();
    assertThat(goals.get(5).met()).isTrue();
    assertThat(goals.get(6).target()).as("14 of 16 clients").isEqualTo(">= 14");
    assertThat(goals.get(6).met()).as("mean batch 8").isFalse();
    assertThat(goals.get(7).met()).as("300 / 320 >= 0.9").isTrue();
    assertThat(goals.get(7).measured()).startsWith("0.94x");
    assertThat(ServeBench.roundedBatch(10.4)).isEqualTo(10);
    assertThat(ServeBench.roundedBatch(Double.NaN)).isEqualTo(1);
    ServeReport.write(r, "mtc bench serve --model m", Map.of("cpus", "2"), dir);
    assertThat(dir.resolve(ServeReport.MARKDOWN))
        .content()
        .contains(
            "| goal |",
            "NOT MET",
            "HTTP 503: busy",
            "serve.png",
            "batches of 10 | - | - | - | 205.0",
            "reaches 0.98x",
            "batches of 8 (the saturated mean batch) | - | - | - | 320.0",
            "the server (300.0) reaches 0.94x");
    assertThat(Files.size(dir.resolve(ServeReport.CHART))).isPositive();
    assertThat(dir.resolve(ServeReport.JSON_FILE))
        .content()
        .contains("\"offlineThroughput\" : 210.0");
  }
}
