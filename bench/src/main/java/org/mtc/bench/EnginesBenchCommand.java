package org.mtc.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code mtc bench engines}: encoder throughput and agreement of every engine on the classpath. */
@Command(name = "engines", mixinStandardHelpOptions = true,
    description = "Encoder throughput of every engine on the same model directory, and their agreement.")
public final class EnginesBenchCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("mtc bench engines: not built yet (issue 3)");
    return 2;
  }
}
