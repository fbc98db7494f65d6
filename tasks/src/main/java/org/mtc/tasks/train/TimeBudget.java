package org.mtc.tasks.train;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The wall-clock budget of the loop ({@code mtc.train.max-time}; zero is none), counted from the
 * first step of this process. The step after which the budget is spent is the last one: it is
 * logged, evaluated and checkpointed as a last step, and the run ends saying so, keeping its
 * resumable checkpoint. Not thread-safe.
 */
final class TimeBudget implements LoopListener {
  private final Duration budget;
  private final long budgetNanos;
  private final LongSupplier nanoClock;
  private long start;

  /**
   * @param nanoClock the clock, in nanoseconds ({@code System::nanoTime})
   */
  TimeBudget(Duration budget, LongSupplier nanoClock) {
    this.budget = budget;
    this.budgetNanos = budget.toNanos();
    this.nanoClock = nanoClock;
  }

  @Override
  public void begin(LoopContext c) {
    start();
  }

  @Override
  public void afterStep(LoopContext c, StepResult step) {
    if (spent() && !c.lastStep()) {
      c.cutByTime(true);
    }
  }

  @Override
  public void end(LoopContext c) {
    if (c.cutByTime()) {
      c.say(
          "cut by time at step "
              + c.step()
              + " of "
              + c.plan().totalSteps()
              + ": the budget mtc.train.max-time = "
              + budget
              + " is spent"
              + (c.plan().hasDev()
                  ? "; best mean dev score "
                      + TrainLog.fmt(c.schedule().best())
                      + " at evaluation "
                      + c.bestRound()
                      + " is kept"
                  : ""));
    }
  }

  /** Starts counting now. */
  void start() {
    start = nanoClock.getAsLong();
  }

  /** Whether there is a budget and it is spent. */
  boolean spent() {
    return budgetNanos > 0 && nanoClock.getAsLong() - start >= budgetNanos;
  }
}
