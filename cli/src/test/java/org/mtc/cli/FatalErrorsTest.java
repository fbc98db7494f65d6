package org.mtc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What ran out, and what to raise, when the JVM throws OutOfMemoryError. */
class FatalErrorsTest {
  private static final long MB = 1 << 20;

  @Test
  void directBufferMemoryNamesItsLinkToTheHeapAndTheSettingToRaise() {
    String line =
        FatalErrors.describe(
            new OutOfMemoryError(
                "Cannot reserve 4194304 bytes of direct buffer memory "
                    + "(allocated: 132120576, limit: 134217728)"),
            128 * MB,
            false);
    assertThat(line)
        .startsWith("out of direct buffer memory (Cannot reserve 4194304 bytes")
        .contains("capped at the heap size (-Xmx) when -XX:MaxDirectMemorySize is not set")
        .contains("128 MB (-Xmx)")
        .contains("MTC_JAVA_OPTS=-Xmx1g")
        .doesNotContain("\n");
    String capped =
        FatalErrors.describe(
            new OutOfMemoryError(
                "Cannot reserve 27776 bytes of direct buffer memory "
                    + "(allocated: 0, limit: 16384)"),
            128 * MB,
            true);
    assertThat(capped)
        .contains("capped by -XX:MaxDirectMemorySize")
        .contains("-XX:MaxDirectMemorySize=1g")
        .doesNotContain("128 MB");
  }

  @Test
  void aFullHeapNamesTheHeapAndTheSettingToRaise() {
    String line = FatalErrors.describe(new OutOfMemoryError("Java heap space"), 128 * MB, false);
    assertThat(line)
        .startsWith("out of Java heap memory (Java heap space)")
        .contains("128 MB (-Xmx)")
        .contains("MTC_JAVA_OPTS=-Xmx1g")
        .doesNotContain("direct");
    assertThat(FatalErrors.describe(new OutOfMemoryError(), 128 * MB, false))
        .startsWith("out of Java heap memory");
  }

  @Test
  void anOutOfMemoryErrorIsFoundBehindTheExceptionsThatWrapIt() {
    Exception wrapped =
        new RuntimeException(
            "engine failed",
            new UncheckedIOException(
                "read", new IOException(new OutOfMemoryError("Java heap space"))));
    assertThat(FatalErrors.describe(wrapped)).startsWith("out of Java heap memory");
    assertThat(FatalErrors.describe(new IllegalStateException("a bug"))).isNull();
  }

  @Test
  void theCommandLineTurnsAnOutOfMemoryErrorIntoOneLine() {
    for (Throwable thrown :
        List.of(
            new OutOfMemoryError(
                "Cannot reserve 27776 bytes of direct buffer memory "
                    + "(allocated: 0, limit: 16384)"),
            new IllegalStateException("engine", new OutOfMemoryError("Java heap space")))) {
      StringWriter err = new StringWriter();
      CommandLine cli = new CommandLine(new Failing(thrown)).setErr(new PrintWriter(err, true));
      assertThat(Main.execute(cli)).as(err.toString()).isEqualTo(2);
      assertThat(err.toString())
          .startsWith("mtc: out of ")
          .contains("MTC_JAVA_OPTS")
          .doesNotContain("\tat ")
          .hasLineCount(1);
    }
  }

  /** A command that fails with what it is given. */
  @CommandLine.Command(name = "failing")
  static final class Failing implements Callable<Integer> {
    private final Throwable failure;

    Failing(Throwable failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() throws Exception {
      if (failure instanceof Error error) {
        throw error;
      }
      throw (Exception) failure;
    }
  }
}
