package org.mtc.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Resident memory of this process from {@code /proc/self/status} (Linux): {@code VmRSS} (now) and
 * {@code VmHWM} (peak since start), in bytes; -1 where {@code /proc} is not available. Thread-safe.
 */
public final class ProcStatus {
  private static final Path STATUS = Path.of("/proc/self/status");

  private ProcStatus() {}

  /** Current resident set size in bytes, or -1. */
  public static long rss() {
    return field("VmRSS:");
  }

  /** Peak resident set size of the process so far in bytes, or -1. */
  public static long peakRss() {
    return field("VmHWM:");
  }

  static long field(String name) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(name)) {
          String[] parts = line.substring(name.length()).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /**
   * Samples {@code VmRSS} every {@code periodMillis} on a daemon thread until closed; {@link
   * #peak()} is the largest sample. Measures a phase (one training run) inside a longer-lived
   * process, where {@code VmHWM} would carry earlier peaks.
   */
  public static final class Sampler implements AutoCloseable {
    private final AtomicLong peak = new AtomicLong(rss());
    private final Thread thread;
    private volatile boolean running = true;

    public Sampler(long periodMillis) {
      thread =
          new Thread(
              () -> {
                while (running) {
                  peak.accumulateAndGet(rss(), Math::max);
                  try {
                    Thread.sleep(periodMillis);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "rss-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    public long peak() {
      return Math.max(peak.get(), rss());
    }

    @Override
    public void close() {
      running = false;
      thread.interrupt();
    }
  }
}
