package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BestCheckpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void anImprovedRoundReplacesTheModelAndEveryRoundIsRecorded() throws Exception {
    try (LoopFixture f = new LoopFixture(tmp, 6, "")) {
      BestCheckpoint best = new BestCheckpoint();
      best.afterEvaluation(f.context, f.stepTo(3, 0.5), f.round(0.625));
      assertThat(f.out.resolve("model/heads.safetensors")).isRegularFile();
      assertThat(f.out.resolve("model/train.log")).isRegularFile();
      assertThat(f.context.bestRound()).isEqualTo(1);
      assertThat(f.context.bestStep()).isEqualTo(3);
      assertThat(JSON.readTree(f.out.resolve("model/metrics.json").toFile()).path("round").asInt())
          .isEqualTo(1);
      best.afterEvaluation(f.context, f.stepTo(6, 0.5), f.round(0.5));
      assertThat(f.context.bestRound()).isEqualTo(1);
      JsonNode metrics = JSON.readTree(f.out.resolve("metrics.json").toFile());
      assertThat(metrics.path("rounds")).hasSize(2);
      assertThat(metrics.path("best").path("round").asInt()).isEqualTo(1);
      assertThat(metrics.path("best").path("mean_score").asDouble()).isEqualTo(0.625);
      assertThat(metrics.path("rounds").get(1).path("improved").asBoolean()).isFalse();
      assertThat(f.out.resolve("train.log"))
          .content()
          .contains(
              "eval 1 at step 3: mean dev score 0.6250 (best, saved to "
                  + f.out.resolve("model")
                  + ")")
          .contains("eval 2 at step 6: mean dev score 0.5000 (best 0.6250)");
    }
  }

  @Test
  void theRoundRecordHoldsTheStepsLearningRatesAndTheMeanDevScore() throws Exception {
    try (LoopFixture f = new LoopFixture(tmp, 6, "")) {
      JsonNode r = BestCheckpoint.roundRecord(f.stepTo(12, 0.5), f.round(0.75), "macro-f1");
      assertThat(r.path("round").asInt()).isEqualTo(1);
      assertThat(r.path("step").asInt()).isEqualTo(12);
      assertThat(r.path("epoch").asInt()).isEqualTo(2);
      assertThat(r.path("learning_rate").asDouble()).isEqualTo(1e-3);
      assertThat(r.path("head_learning_rate").asDouble()).isEqualTo(1e-2);
      assertThat(r.path("improved").asBoolean()).isTrue();
      assertThat(r.path("mean_score").asDouble()).isEqualTo(0.75);
      assertThat(r.path("multi_label_metric").asText()).isEqualTo("macro-f1");
      assertThat(r.path("tasks").path("sentiment").has("per_label")).isFalse();
    }
  }

  @Test
  void withoutDevDataTheFinalModelIsKept() {
    try (LoopFixture f = new LoopFixture(tmp, 0, "")) {
      f.stepTo(7, 0.5);
      new BestCheckpoint().end(f.context);
      assertThat(f.out.resolve("model/heads.safetensors")).isRegularFile();
      assertThat(f.context.bestStep()).isEqualTo(7);
      assertThat(f.context.bestRound()).isZero();
      assertThat(f.events)
          .containsExactly(
              "message no dev examples in any task: kept the final model in "
                  + f.out.resolve("model"));
    }
  }
}
