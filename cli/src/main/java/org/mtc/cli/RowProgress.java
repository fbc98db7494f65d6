package org.mtc.cli;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows how many rows a corpus job has done and its rows/s: a bar on an interactive terminal (the
 * style of {@link TrainingBar}), plain lines every {@code lineEverySeconds} otherwise (CI, pipes,
 * logs). Thread-safe, so a Spark listener may report from its own thread.
 */
final class RowProgress implements AutoCloseable {
  private final PrintStream out;
  private final long lineEveryNanos;
  private final ProgressBar bar;
  private final long started = System.nanoTime();
  private long rows;
  private long lastLine = started;

  RowProgress(PrintStream out, String what, long lineEverySeconds, boolean terminal) {
    this.out = out;
    this.lineEveryNanos = lineEverySeconds * 1_000_000_000L;
    this.bar =
        terminal
            ? new ProgressBarBuilder()
                .setTaskName(what)
                .setInitialMax(-1)
                .setUnit(" rows", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(out))
                .build()
            : null;
  }

  /** {@code more} rows are done. */
  synchronized void add(long more) {
    rows += more;
    if (bar != null) {
      bar.stepTo(rows);
      return;
    }
    long now = System.nanoTime();
    if (now - lastLine >= lineEveryNanos) {
      lastLine = now;
      out.println(line("annotated"));
    }
  }

  synchronized long rows() {
    return rows;
  }

  /** Rows per second so far. */
  synchronized double rate() {
    return rows / Math.max(1e-9, (System.nanoTime() - started) / 1e9);
  }

  private String line(String verb) {
    double seconds = (System.nanoTime() - started) / 1e9;
    return String.format(
        Locale.ROOT,
        "%s %,d rows in %s (%.1f rows/s)",
        verb,
        rows,
        ProgressDisplay.duration((long) seconds),
        rate());
  }

  /** The last line: every row done, the time and the rate. */
  synchronized void finish(String where) {
    close();
    out.println(line("annotated") + " -> " + where);
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
