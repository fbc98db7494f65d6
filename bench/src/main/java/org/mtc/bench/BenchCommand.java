package org.mtc.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code mtc bench}: the multitask vs single-task experiment (memory, speed, accuracy) and, as subcommands, the
 * engine benchmarks. Registered in the command line's {@code Main}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks: multitask vs single-task models; `bench engines` compares encoder engines.",
    subcommands = {EnginesBenchCommand.class})
public final class BenchCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("mtc bench: the multitask vs single-task experiment is not built yet (issue 5)");
    return 2;
  }
}
