package org.mtc.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.mtc.tasks.eval.TaskMetrics;
import org.mtc.tasks.train.TrainingListener;

/**
 * Shows training progress: a progress bar with examples/s and ETA on an interactive terminal, plain
 * periodic lines otherwise (CI, pipes, log files). Not thread-safe; called from the trainer's
 * thread.
 */
final class ProgressDisplay implements TrainingListener, AutoCloseable {
  private final PrintStream out;
  private final TrainingBar bar;
  private final long lineEvery;
  private long totalSteps;
  private long started;

  ProgressDisplay(PrintStream out, long lineEvery) {
    this.out = out;
    this.lineEvery = Math.max(1, lineEvery);
    this.bar = new TrainingBar(out, TrainingBar.interactive());
  }

  @Override
  public void started(long steps, long examples) {
    totalSteps = steps;
    started = System.nanoTime();
    bar.start(steps);
  }

  @Override
  public void step(
      long step, String task, double loss, double examplesPerSecond, double learningRate) {
    if (!bar.step(step, task, loss, examplesPerSecond)
        && (step % lineEvery == 0 || step == totalSteps)) {
      double elapsed = (System.nanoTime() - started) / 1e9;
      long eta = (long) (elapsed / step * (totalSteps - step));
      out.printf(
          Locale.ROOT,
          "step %d/%d (%.0f%%) %s loss %.4f lr %.2e %.1f ex/s ETA %s%n",
          step,
          totalSteps,
          100.0 * step / totalSteps,
          task,
          loss,
          learningRate,
          examplesPerSecond,
          duration(eta));
    }
  }

  @Override
  public void evaluated(
      int round, Map<String, TaskMetrics> dev, double meanDevScore, boolean improved) {
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "dev round %d: mean dev score %.4f%s |",
                round,
                meanDevScore,
                improved ? " (best, saved)" : ""));
    dev.forEach((task, m) -> s.append(String.format(Locale.ROOT, " %s %.3f", task, m.accuracy())));
    message(s.toString());
  }

  @Override
  public void message(String message) {
    bar.println(message);
  }

  static String duration(long seconds) {
    Duration d = Duration.ofSeconds(seconds);
    return d.toHours() > 0
        ? String.format(Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart())
        : String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart());
  }

  @Override
  public void close() {
    bar.close();
  }
}
