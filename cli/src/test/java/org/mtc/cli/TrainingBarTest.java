package org.mtc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TrainingBarTest {
  @Test
  void withoutATerminalNoBarIsDrawnAndTheCallerPrintsItsOwnLines() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TrainingBar bar =
        new TrainingBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false)) {
      bar.start(10);
      assertThat(bar.step(1, "emotion", 0.5, 100)).isFalse();
      bar.println("dev round 1");
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("dev round 1" + System.lineSeparator());
  }

  @Test
  void onATerminalTheBarTakesTheStepsAndMessagesStillPrint() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TrainingBar bar =
        new TrainingBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true)) {
      bar.start(10);
      assertThat(bar.step(3, "emotion", 0.5, 100)).isTrue();
      bar.println("dev round 1");
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("dev round 1", "train");
  }
}
