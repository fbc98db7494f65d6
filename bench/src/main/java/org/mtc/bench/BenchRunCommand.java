package org.mtc.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A bench command that writes a run directory and can continue an interrupted one: {@code --resume
 * DIR} resumes, anything else starts a new run ({@link BenchRunOptions} holds the shared options).
 * Filled by picocli, then run from one thread.
 */
abstract class BenchRunCommand implements Callable<Integer> {
  @Mixin BenchRunOptions sources;

  @Override
  public final Integer call() throws IOException {
    return sources.resume != null ? resume(sources.resume) : start();
  }

  /** A new run; returns the exit code. */
  abstract int start() throws IOException;

  /**
   * Continues the interrupted run in {@code run} with the settings it recorded; returns the exit
   * code.
   */
  abstract int resume(Path run) throws IOException;
}
