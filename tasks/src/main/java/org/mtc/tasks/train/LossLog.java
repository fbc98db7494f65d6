package org.mtc.tasks.train;

import java.util.Arrays;
import java.util.List;

/**
 * The loss lines of {@code train.log}: every {@code log-every} steps, after the last step and when
 * the time budget cuts the run, one line with the mean loss per task over the steps since the
 * previous line, the learning rate and the throughput ({@link TrainLog#lossLine}). Not thread-safe.
 */
final class LossLog implements LoopListener {
  private final List<String> names;
  private final long every;
  private final double[] sum;
  private final int[] count;

  /**
   * @param names the tasks, in the plan's order
   * @param every steps between lines ({@code mtc.train.log-every})
   */
  LossLog(List<String> names, long every) {
    this.names = List.copyOf(names);
    this.every = every;
    this.sum = new double[names.size()];
    this.count = new int[names.size()];
  }

  @Override
  public void afterStep(LoopContext c, StepResult step) {
    add(step.task(), step.loss());
    if (due(step.step(), c.lastStep() || c.cutByTime())) {
      c.files()
          .line(
              line(
                  step.step(),
                  c.plan().totalSteps(),
                  step.epoch(),
                  step.learningRate(),
                  c.throughput().examplesPerSecond()));
    }
  }

  /** Adds one step's loss of task {@code task} (index in the plan's order). */
  void add(int task, double loss) {
    sum[task] += loss;
    count[task]++;
  }

  /** Whether step {@code step} writes a line; {@code last}: the run ends after it. */
  boolean due(long step, boolean last) {
    return step % every == 0 || last;
  }

  /** The line of the steps since the last one; starts the next period. */
  String line(
      long step, long totalSteps, int epoch, double learningRate, double examplesPerSecond) {
    String line =
        TrainLog.lossLine(
            step, totalSteps, epoch, names, sum, count, learningRate, examplesPerSecond);
    Arrays.fill(sum, 0);
    Arrays.fill(count, 0);
    return line;
  }
}
