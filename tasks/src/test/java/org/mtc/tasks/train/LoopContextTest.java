package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopContextTest {
  @TempDir Path tmp;

  @Test
  void countsStepsAndEpochsAndRunsUntilTheLastStep() {
    try (LoopFixture f = new LoopFixture(tmp, 6, "")) {
      LoopContext c = f.context; // 80 examples, batch 8: 10 steps per epoch, 20 in all
      assertThat(c.running()).isTrue();
      f.stepTo(10, 0);
      assertThat(c.epoch()).isEqualTo(1);
      c.nextStep();
      assertThat(c.epoch()).isEqualTo(2);
      assertThat(c.lastStep()).isFalse();
      f.stepTo(20, 0);
      assertThat(c.lastStep()).isTrue();
      assertThat(c.running()).isFalse();
    }
  }

  @Test
  void anEarlyStopOrATimeCutEndsTheRun() {
    try (LoopFixture f = new LoopFixture(tmp.resolve("a"), 6, "")) {
      f.context.stopEarly();
      assertThat(f.context.running()).isFalse();
      assertThat(f.context.result().stoppedEarly()).isTrue();
    }
    try (LoopFixture f = new LoopFixture(tmp.resolve("b"), 6, "")) {
      f.context.cutByTime(true);
      assertThat(f.context.running()).isFalse();
      assertThat(f.context.result().cutByTime()).isTrue();
    }
  }

  @Test
  void theSnapshotIsWhereTheRunStands() {
    try (LoopFixture f = new LoopFixture(tmp, 6, "")) {
      f.stepTo(4, 0);
      f.context.plan().batches().get(1).next();
      f.context.nextRound();
      f.context.schedule().record(0.5);
      f.context.best(1, 4, Map.of());
      f.context.throughput(new Throughput(32, 100, 120, 2, 0, 0));
      LoopState s = f.context.snapshot();
      assertThat(s.step()).isEqualTo(4);
      assertThat(s.round()).isEqualTo(1);
      assertThat(s.bestRound()).isEqualTo(1);
      assertThat(s.bestStep()).isEqualTo(4);
      assertThat(s.schedule().best()).isEqualTo(0.5);
      assertThat(s.positions()).containsExactly(0, 1);
      assertThat(s.throughput().examples()).isEqualTo(32);
      f.context.restore(); // a new run: nothing to restore
      assertThat(f.context.step()).isEqualTo(4);
    }
  }

  @Test
  void withoutDevDataTheResultHasNoScore() {
    try (LoopFixture f = new LoopFixture(tmp, 0, "")) {
      assertThat(f.context.plan().hasDev()).isFalse();
      assertThat(f.context.result().bestMeanDevScore()).isNaN();
      assertThat(f.context.result().bestModel()).isEqualTo(f.out.resolve("model"));
    }
  }
}
