package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThroughputMeterTest {
  @TempDir Path tmp;

  @Test
  void addsEachStepsExamplesTokensAndTimeKeepingTheMachinesRate() {
    try (LoopFixture f = new LoopFixture(tmp, 0, "")) {
      f.context.throughput(new Throughput(10, 100, 150, 1.5, 900, 1000));
      ThroughputMeter meter = new ThroughputMeter();
      meter.afterStep(
          f.context, f.stepTo(1, 0.5)); // 4 examples, 20 real and 32 padded tokens, 0.5 s
      meter.afterStep(f.context, f.stepTo(2, 0.5));
      Throughput t = f.context.throughput();
      assertThat(t).isEqualTo(new Throughput(18, 140, 214, 2.5, 900, 1000));
      assertThat(t.examplesPerSecond()).isEqualTo(18 / 2.5);
    }
  }
}
