package org.mtc.cli;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress bar of a training run on an interactive terminal, shared by {@code mtc train}'s and
 * {@code mtc bench}'s progress displays: they differ in their plain lines (CI, pipes, logs), which
 * they print themselves when {@link #step} says no bar is showing. Not thread-safe; called from the
 * trainer's thread; owns its bar and closes it in {@link #close}.
 */
public final class TrainingBar implements AutoCloseable {
  private final PrintStream out;
  private final boolean terminal;
  private ProgressBar bar;

  /** {@code terminal}: whether to draw a bar at all (see {@link #interactive()}). */
  public TrainingBar(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** Whether standard error is probably an interactive terminal. */
  public static boolean interactive() {
    return System.console() != null
        && System.getenv("CI") == null
        && !"dumb".equals(System.getenv("TERM"));
  }

  /** A training run of {@code steps} steps begins: a new bar on a terminal, nothing otherwise. */
  public void start(long steps) {
    close();
    if (terminal) {
      bar =
          new ProgressBarBuilder()
              .setTaskName("train")
              .setInitialMax(steps)
              .setUnit(" steps", 1)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(500)
              .showSpeed()
              .setConsumer(new ConsoleProgressBarConsumer(out))
              .build();
    }
  }

  /** Moves the bar to {@code step} and returns true, or returns false when no bar is showing. */
  public boolean step(long step, String task, double loss, double examplesPerSecond) {
    if (bar == null) {
      return false;
    }
    bar.stepTo(step);
    bar.setExtraMessage(
        String.format(Locale.ROOT, "%s loss %.3f, %.0f ex/s", task, loss, examplesPerSecond));
    return true;
  }

  /** Prints a line of its own, below the bar when one is showing. */
  public void println(String message) {
    if (bar != null) {
      bar.pause();
      out.println();
      out.println(message);
      bar.resume();
    } else {
      out.println(message);
    }
  }

  /** Closes the bar, if any; a later {@link #start} draws a new one. */
  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
