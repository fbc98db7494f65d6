package org.mtc.bench.experiment;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.mtc.cli.TrainingBar;
import org.mtc.tasks.eval.TaskMetrics;
import org.mtc.tasks.train.TrainingListener;

/**
 * The bench's progress display: one line per stage ({@code [3/14] train single-task: emotion}, with
 * the elapsed time) and, while a model trains, a progress bar on an interactive terminal or a plain
 * line every {@code lineEvery} steps otherwise (CI, pipes, logs). Not thread-safe; called from the
 * bench's thread.
 */
public final class BenchProgress implements TrainingListener, AutoCloseable {
  private final PrintStream out;
  private final TrainingBar bar;
  private final long lineEvery;
  private final long started = System.nanoTime();
  private long totalSteps;
  private String stageName = "";

  public BenchProgress(PrintStream out, long lineEvery, boolean terminal) {
    this.out = out;
    this.lineEvery = Math.max(1, lineEvery);
    this.bar = new TrainingBar(out, terminal);
  }

  /** Whether standard error is probably an interactive terminal. */
  public static boolean interactive() {
    return TrainingBar.interactive();
  }

  /** A new stage begins ({@code index} of {@code total}, 1-based). */
  public void stage(int index, int total, String what) {
    bar.close();
    stageName = what;
    out.printf(Locale.ROOT, "[%d/%d %s] %s%n", index, total, elapsed(), what);
  }

  @Override
  public void started(long steps, long examples) {
    totalSteps = steps;
    bar.start(steps);
  }

  @Override
  public void step(
      long step, String task, double loss, double examplesPerSecond, double learningRate) {
    if (!bar.step(step, task, loss, examplesPerSecond)
        && (step % lineEvery == 0 || step == totalSteps)) {
      out.printf(
          Locale.ROOT,
          "  %s: step %d/%d (%.0f%%) %s loss %.4f %.1f ex/s%n",
          stageName,
          step,
          totalSteps,
          100.0 * step / totalSteps,
          task,
          loss,
          examplesPerSecond);
    }
  }

  @Override
  public void evaluated(
      int round, Map<String, TaskMetrics> dev, double meanDevScore, boolean improved) {
    message(
        String.format(
            Locale.ROOT,
            "  dev round %d: mean dev score %.4f%s",
            round,
            meanDevScore,
            improved ? " (best, saved)" : ""));
  }

  @Override
  public void message(String message) {
    bar.println(message);
  }

  /** Time since this display was made, as {@code 3m07s}. */
  public String elapsed() {
    long s = (System.nanoTime() - started) / 1_000_000_000L;
    return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }

  @Override
  public void close() {
    bar.close();
  }
}
