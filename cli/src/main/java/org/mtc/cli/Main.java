package org.mtc.cli;

import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Set;
import org.mtc.core.MtcException;
import org.mtc.core.inject.Wiring;
import org.mtc.core.io.ExitCleanup;
import org.mtc.serve.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code bin/mtc}: dispatches to the subcommands (its own, and those other modules
 * plug in as {@link Subcommand}s, such as {@code mtc bench}) and turns user errors into one clear
 * line. The command line is built from the graph ({@link Wiring}): picocli makes commands through
 * {@link InjectingFactory}, so they receive the engines, the importers and the default backbone by
 * injection.
 */
@Command(
    name = "mtc",
    mixinStandardHelpOptions = true,
    version = "mtc 0.1.0",
    description = "Multitask text classification: one shared encoder, many heads.",
    subcommands = {
      ImportCommand.class,
      TrainCommand.class,
      EvalCommand.class,
      PredictCommand.class,
      AnnotateCommand.class,
      ExportCommand.class,
      TasksCommand.class,
      CalibrateCommand.class,
      ServeCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {
  private static volatile String lastCommand = "mtc";

  /** The commands other modules plug in, from the graph. */
  @Inject Set<Subcommand> plugged = Set.of();

  /** The command line being run, shell-quoted, for run directories and reports. */
  static String commandLine() {
    return lastCommand;
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line in-process and returns its exit code (tests use this). */
  public static int run(String... args) {
    lastCommand =
        "mtc "
            + String.join(
                " ",
                Arrays.stream(args)
                    .map(a -> a.matches("[\\w./=,:@+-]+") ? a : "'" + a.replace("'", "'\\''") + "'")
                    .toList());
    CommandLine cli;
    try {
      cli = newCommandLine();
    } catch (MtcException e) { // a module on the class path cannot join the graph
      System.err.println("mtc: " + e.getMessage());
      return 2;
    }
    return execute(cli, args);
  }

  /**
   * The whole command line: mtc's own commands and the {@link Subcommand}s of the modules on the
   * class path.
   */
  public static CommandLine newCommandLine() {
    CommandLine cli = new CommandLine(Main.class, new InjectingFactory(Wiring.discover()));
    Main main = cli.getCommand();
    for (Subcommand command : main.plugged) {
      cli.addSubcommand(command);
    }
    return cli;
  }

  /**
   * Runs {@code cli} on {@code args}, turning failures into one line on its error stream: an {@link
   * MtcException} (exit 2), running out of memory ({@link FatalErrors}, exit 2), anything else
   * (exit 1, the stack trace with {@code MTC_DEBUG}).
   */
  static int execute(CommandLine cli, String... args) {
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (ExitCleanup.exiting()) {
            return 1; // a signal ended the JVM and its cleanup removed what this command was
            // writing: nothing to add
          }
          Throwable t = e;
          while (!(t instanceof MtcException) && t.getCause() != null) {
            t = t.getCause();
          }
          if (t instanceof MtcException) {
            cmd.getErr().println("mtc: " + t.getMessage());
            return 2;
          }
          if (System.getenv("MTC_DEBUG") != null) {
            throw e;
          }
          String fatal = FatalErrors.describe(e);
          if (fatal != null) {
            cmd.getErr().println("mtc: " + fatal);
            return 2;
          }
          Throwable root = e;
          while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
          }
          cmd.getErr()
              .println(
                  "mtc: unexpected error: "
                      + e
                      + (root != e ? " (caused by " + root + ")" : "")
                      + "; set MTC_DEBUG=1 to see the stack trace, and report it if the cause is not yours");
          return 1;
        });
    try {
      return cli.execute(args);
    } catch (OutOfMemoryError e) { // picocli passes Errors by its execution exception handler
      if (System.getenv("MTC_DEBUG") != null) {
        throw e;
      }
      cli.getErr().println("mtc: " + FatalErrors.describe(e));
      return 2;
    }
  }
}
