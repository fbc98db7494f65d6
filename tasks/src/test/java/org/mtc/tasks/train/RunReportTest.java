package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {
  @TempDir Path tmp;

  @Test
  void theHeaderSaysWhatIsTrainedHowLongAndWithWhat() {
    try (LoopFixture f =
        new LoopFixture(tmp, 6, "mtc.train { max-time = 90s, learning-rate = 1e-3 }")) {
      new RunReport().begin(f.context);
      assertThat(f.events)
          .singleElement()
          .asString()
          .isEqualTo(
              "message training 2 tasks (sentiment, topic) on "
                  + "toy: 80 examples, 20 steps (10 per epoch, 2 epochs), batch 8 (length-grouped), lr 1.00e-03, head lr "
                  + "1.00e-03, sampling proportional, encoder trained, seed 42, time budget PT1M30S");
    }
  }

  @Test
  void theEndWritesTheTotalsIntoMetricsJsonAndTheLastLines() throws Exception {
    try (LoopFixture f = new LoopFixture(tmp, 6, "")) {
      f.stepTo(5, 0.5);
      f.context.schedule().record(0.625);
      f.context.best(1, 5, Map.of());
      f.context.nextRound();
      f.context.stopEarly();
      new RunReport().end(f.context);
      JsonNode metrics = new ObjectMapper().readTree(f.out.resolve("metrics.json").toFile());
      assertThat(metrics.path("steps").asLong()).isEqualTo(5);
      assertThat(metrics.path("stopped_early").asBoolean()).isTrue();
      assertThat(metrics.path("cut_by_time").asBoolean()).isFalse();
      assertThat(metrics.path("throughput").path("examples").asLong()).isZero();
      List<String> log = Files.readAllLines(f.out.resolve("train.log"));
      assertThat(log.get(0)).startsWith("step profile over ");
      assertThat(metrics.path("profile").path("seconds").has("encoder_forward")).isTrue();
      log = log.subList(log.size() - 2, log.size()); // the step profile's table comes first
      assertThat(log.get(0)).startsWith("throughput: ");
      assertThat(log.get(1))
          .isEqualTo("done: 5 steps, 1 evaluations, best mean dev score 0.6250 at evaluation 1");
      assertThat(f.context.result().stoppedEarly()).isTrue();
      assertThat(f.context.result().bestMeanDevScore()).isEqualTo(0.625);
    }
  }
}
