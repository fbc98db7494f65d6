package org.mtc.tasks.train;

/**
 * Adds every step's examples, real and padded tokens and time to the run's {@link Throughput}
 * (evaluation and saving excluded), before the listeners after it read the rate. Stateless; the
 * throughput lives in the {@link LoopContext} (a resumed run continues it).
 */
final class ThroughputMeter implements LoopListener {
  @Override
  public void afterStep(LoopContext c, StepResult step) {
    c.throughput(add(c.throughput(), step));
  }

  /** {@code so far} with {@code step}'s work added. */
  static Throughput add(Throughput soFar, StepResult step) {
    TaskBatches.Batch b = step.batch();
    return soFar.plus(b.examples().size(), b.realTokens(), b.paddedTokens(), step.seconds());
  }
}
