package org.mtc.bench.contention;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mtc.bench.experiment.JavaLauncher;
import org.mtc.core.MtcException;

/**
 * Another CPU-bound process on the same machine: a child JVM that spins one thread until its own
 * deadline, so it stops by itself even if the bench that started it crashes. {@link #close} kills
 * it at once (the bench calls it in a finally block; a shutdown hook covers an interrupted bench).
 * Started by {@link #start}; the child runs {@link #main}.
 */
public final class BusyLoop implements AutoCloseable {
  private static final String READY = "spinning";
  private final Process process;
  private final Thread hook;

  private BusyLoop(Process process) {
    this.process = process;
    this.hook = new Thread(process::destroyForcibly, "mtc-busy-loop-killer");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Starts one busy process that ends by itself after {@code seconds}. */
  public static BusyLoop start(long seconds) {
    if (seconds < 1) {
      throw new MtcException("the busy loop needs a time limit of at least 1 s, got " + seconds);
    }
    List<String> command =
        JavaLauncher.command(
            List.of("-Xmx32m", "-XX:+UseSerialGC"),
            BusyLoop.class,
            List.of(Long.toString(seconds)));
    Process p;
    try {
      p =
          JavaLauncher.start(
              new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD));
    } catch (IOException e) {
      throw new MtcException("could not start the busy-loop process: " + e.getMessage(), e);
    }
    BusyLoop loop = new BusyLoop(p);
    try {
      // wait until it spins, so that a measurement started next sees the load from its first moment
      String line =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      if (!READY.equals(line)) {
        throw new MtcException(
            "the busy-loop process did not start (exit code "
                + (p.isAlive() ? "none yet" : p.exitValue())
                + ")");
      }
      return loop;
    } catch (IOException | RuntimeException e) {
      loop.close();
      throw e instanceof MtcException m
          ? m
          : new MtcException("the busy-loop process did not start: " + e, e);
    }
  }

  /** The process id (for logs). */
  public long pid() {
    return process.pid();
  }

  /** Whether the busy process still runs. */
  public boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  /** The busy process: {@code BusyLoop SECONDS} spins one thread for that long, then exits. */
  public static void main(String[] args) {
    long end = System.nanoTime() + (long) (Double.parseDouble(args[0]) * 1e9);
    System.out.println(READY);
    System.out.flush();
    long x = 1;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 100_000; i++) {
        x = x * 6364136223846793005L + 1442695040888963407L;
      }
    }
    if (x == 42) {
      System.out.println(x); // keeps the loop from being optimised away
    }
  }
}
