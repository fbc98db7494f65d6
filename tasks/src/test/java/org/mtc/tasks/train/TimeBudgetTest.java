package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeBudgetTest {
  @TempDir Path tmp;

  @Test
  void isSpentOnceTheBudgetHasPassedSinceTheStart() {
    AtomicLong clock = new AtomicLong(1_000);
    TimeBudget budget = new TimeBudget(Duration.ofSeconds(2), clock::get);
    budget.start();
    clock.addAndGet(1_999_999_999L);
    assertThat(budget.spent()).isFalse();
    clock.addAndGet(1);
    assertThat(budget.spent()).isTrue();
  }

  @Test
  void zeroIsNoBudget() {
    AtomicLong clock = new AtomicLong();
    TimeBudget none = new TimeBudget(Duration.ZERO, clock::get);
    none.start();
    clock.set(Long.MAX_VALUE / 2);
    assertThat(none.spent()).isFalse();
  }

  @Test
  void aSpentBudgetCutsTheRunAfterTheStepAndTheEndSaysSo() {
    AtomicLong clock = new AtomicLong();
    try (LoopFixture f = new LoopFixture(tmp, 6, "")) {
      TimeBudget budget = new TimeBudget(Duration.ofMillis(5), clock::get);
      budget.begin(f.context);
      budget.afterStep(f.context, f.stepTo(1, 0.7));
      assertThat(f.context.cutByTime()).isFalse();
      clock.set(5_000_000);
      budget.afterStep(f.context, f.stepTo(2, 0.7));
      assertThat(f.context.cutByTime()).isTrue();
      assertThat(f.context.running()).isFalse();
      budget.end(f.context);
      assertThat(f.events)
          .last()
          .asString()
          .startsWith(
              "message cut by time at step 2 of 20: the budget "
                  + "mtc.train.max-time = PT0.005S is spent; best mean dev score");
    }
  }

  @Test
  void theLastStepIsNotCutItEndsTheRunAnyway() {
    AtomicLong clock = new AtomicLong();
    try (LoopFixture f = new LoopFixture(tmp, 6, "")) {
      TimeBudget budget = new TimeBudget(Duration.ofMillis(5), clock::get);
      budget.begin(f.context);
      clock.set(10_000_000);
      budget.afterStep(f.context, f.stepTo(f.context.plan().totalSteps(), 0.7));
      assertThat(f.context.cutByTime()).isFalse();
      budget.end(f.context);
      assertThat(f.events).isEmpty();
    }
  }
}
