package org.mtc.core.io;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What must still happen when the JVM ends while a file operation is unfinished: on SIGTERM, SIGINT
 * (Ctrl-C) or {@code System.exit} the JVM runs its shutdown hooks but not the {@code finally}
 * blocks and {@code close()} calls of the threads still working, so a half-written run directory,
 * staging directory or temporary file would stay. An owner registers its cleanup when it starts
 * writing and closes the registration when it has finished or cleaned up itself; at exit the open
 * registrations run, newest first (the order of nested try-with-resources).
 *
 * <p>One shutdown hook serves every registration. A cleanup runs while the thread that was writing
 * may still run (the JVM does not stop it), so an owner makes its cleanup and its own close
 * exclusive (synchronized) and idempotent. Thread-safe.
 */
public final class ExitCleanup implements AutoCloseable {
  private static final Deque<ExitCleanup> OPEN = new ArrayDeque<>();
  private static boolean hookInstalled;
  private static volatile boolean exiting;

  private final Runnable action;

  private ExitCleanup(Runnable action) {
    this.action = action;
  }

  /** Runs {@code action} if the JVM ends before the returned registration is closed. */
  public static ExitCleanup register(Runnable action) {
    ExitCleanup cleanup = new ExitCleanup(action);
    synchronized (OPEN) {
      if (!hookInstalled) {
        Runtime.getRuntime().addShutdownHook(new Thread(ExitCleanup::runAll, "mtc-exit-cleanup"));
        hookInstalled = true;
      }
      OPEN.push(cleanup);
    }
    return cleanup;
  }

  /**
   * Whether the JVM is ending (a signal or {@code System.exit}) and the cleanups have started: a
   * failure of a thread still working is then a consequence of the cleanup, not worth reporting.
   */
  public static boolean exiting() {
    return exiting;
  }

  /** Forgets the cleanup: the owner finished or cleaned up itself. */
  @Override
  public void close() {
    synchronized (OPEN) {
      OPEN.remove(this);
    }
  }

  private static void runAll() {
    exiting = true;
    while (true) {
      ExitCleanup next;
      synchronized (OPEN) {
        next = OPEN.poll();
      }
      if (next == null) {
        return;
      }
      try {
        next.action.run();
      } catch (RuntimeException | Error e) {
        System.err.println("mtc: could not clean up at exit: " + e);
      }
    }
  }
}
