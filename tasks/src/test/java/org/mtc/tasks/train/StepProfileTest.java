package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.model.ToyBackbone;
import org.mtc.tasks.model.ToyTasks;

/**
 * The step profile of a run: every phase of a trained toy run is timed, the phases and "other" add
 * up to the wall time, the CPU time is read from /proc, and train.log and metrics.json hold it.
 */
class StepProfileTest {
  @TempDir Path tmp;

  @Test
  void aRunIsProfiledPhaseByPhaseIntoTheLogAndMetrics() throws Exception {
    Config settings =
        ToyTasks.settings(
            ToyTasks.write(tmp.resolve("data"), 64, 16, 0, 3),
            false,
            "mtc.train { epochs = 2, batch-size = 8 }\n");
    List<TaskData> data = ToyTasks.load(settings);
    Path out = tmp.resolve("run");
    TrainResult result;
    try (MultitaskModel model =
        MultitaskModel.create(new ToyBackbone(16, 1024, 5, true), data, settings)) {
      result =
          new Trainer(TrainSettings.from(settings), TrainingListener.NONE).train(model, data, out);
    }
    StepProfile profile = result.profile();
    Map<String, Double> seconds = profile.seconds();
    assertThat(seconds.keySet())
        .containsExactly(
            "teachers",
            "data",
            "tokenization",
            "encoder_forward",
            "heads",
            "encoder_backward",
            "optimizer",
            "evaluation",
            "checkpoints",
            "other");
    for (String timed :
        List.of(
            "data", "encoder_forward", "heads", "encoder_backward", "optimizer", "evaluation")) {
      assertThat(seconds.get(timed)).as(timed).isPositive();
    }
    double sum = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    assertThat(sum).isCloseTo(profile.wallSeconds(), org.assertj.core.data.Offset.offset(1e-6));
    assertThat(seconds.get("other")).isGreaterThanOrEqualTo(0);
    double[] cpu = profile.cpuSecondsUsed();
    assertThat(cpu[0]).as("user CPU seconds from /proc/self/stat").isGreaterThanOrEqualTo(0);
    assertThat(cpu[1]).as("kernel CPU seconds").isGreaterThanOrEqualTo(0);
    String log = Files.readString(out.resolve("train.log"));
    assertThat(log).contains("step profile over", "encoder backward", "CPU time:", "% kernel");
    JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    assertThat(metrics.path("profile").path("seconds").has("heads")).isTrue();
    assertThat(metrics.path("profile").path("wall_seconds").asDouble()).isPositive();
  }

  @Test
  void theProcStatFieldsAreUserAndKernelTicks() {
    double[] cpu = StepProfile.cpuSeconds();
    assertThat(cpu).hasSize(2);
    assertThat(cpu[0] + cpu[1]).as("this JVM has used some CPU").isPositive();
  }
}
