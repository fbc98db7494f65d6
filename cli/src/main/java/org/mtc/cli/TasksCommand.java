package org.mtc.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code mtc tasks}: changes the task set of a trained model without retraining it. Today one
 * operation, {@code drop} ({@link TasksDropCommand}); adding tasks and merging models are not built
 * yet.
 */
@Command(
    name = "tasks",
    mixinStandardHelpOptions = true,
    description = {
      "Change the task set of a trained model without retraining: `drop` writes it without some tasks, "
          + "the others answering bit for bit as before. (Adding tasks and merging models are not built yet.)"
    },
    subcommands = {TasksDropCommand.class})
final class TasksCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println(
        "mtc tasks: name an operation, e.g. `mtc tasks drop --model runs/mt --drop topics "
            + "--out runs/mt-no-topics`");
    return 2;
  }
}
