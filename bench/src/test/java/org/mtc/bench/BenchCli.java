package org.mtc.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.mtc.cli.Main;

/**
 * Runs {@code mtc ...} in this JVM, with {@code mtc bench} joined, and captures what it prints.
 * Tests only.
 */
final class BenchCli {
  /** Exit code, standard output and standard error of one command line. */
  record Result(int code, String out, String err) {}

  private BenchCli() {}

  static synchronized Result mtc(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Result(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
