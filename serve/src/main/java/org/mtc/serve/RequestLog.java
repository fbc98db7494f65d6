package org.mtc.serve;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per request at most, and at most {@code linesPerSecond} lines in any second: under
 * load the lines are sampled and the next line written says how many were left out. Thread-safe.
 */
final class RequestLog {
  /** The logger of the request lines and the server's warnings. */
  static final String LOGGER = "mtc.serve";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
  private final int linesPerSecond;
  private final LongSupplier nanoTime;
  private final Consumer<String> sink;
  private final AtomicLong second = new AtomicLong();
  private final AtomicLong inSecond = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();

  RequestLog(int linesPerSecond) {
    this(linesPerSecond, System::nanoTime, LOG::info);
  }

  /** With a clock and a place for the lines (tests). */
  RequestLog(int linesPerSecond, LongSupplier nanoTime, Consumer<String> sink) {
    this.linesPerSecond = linesPerSecond;
    this.nanoTime = nanoTime;
    this.sink = sink;
  }

  /** Logs one request unless this second's lines are spent. */
  void request(
      String method, String path, int status, int sentences, double seconds, String error) {
    if (linesPerSecond == 0) {
      return;
    }
    long now = nanoTime.getAsLong() / 1_000_000_000L;
    long current = second.get();
    if (now != current && second.compareAndSet(current, now)) {
      inSecond.set(0);
    }
    if (inSecond.incrementAndGet() > linesPerSecond) {
      skipped.incrementAndGet();
      return;
    }
    long left = skipped.getAndSet(0);
    sink.accept(
        method
            + " "
            + path
            + " "
            + status
            + " sentences="
            + sentences
            + " ms="
            + String.format(Locale.ROOT, "%.1f", seconds * 1000)
            + (error == null ? "" : " error=\"" + error + "\"")
            + (left > 0 ? " (" + left + " requests not logged)" : ""));
  }
}
