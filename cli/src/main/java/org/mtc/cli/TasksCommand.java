package org.mtc.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code mtc tasks}: changes the task set of a trained model without retraining it: {@code drop}
 * ({@link TasksDropCommand}) and {@code add} with a frozen encoder ({@link TasksAddCommand});
 * adding by distillation and merging models are not built yet.
 */
@Command(
    name = "tasks",
    mixinStandardHelpOptions = true,
    description = {
      "Change the task set of a trained model without retraining its encoder: `drop` writes it "
          + "without some tasks, `add --mode frozen` with new tasks whose heads train on its frozen "
          + "encoder; either way the other tasks answer bit for bit as before. (Adding by "
          + "distillation and merging models are not built yet.)"
    },
    subcommands = {TasksDropCommand.class, TasksAddCommand.class})
final class TasksCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println(
        "mtc tasks: name an operation, e.g. `mtc tasks drop --model runs/mt --drop topics "
            + "--out runs/mt-no-topics` or `mtc tasks add --model runs/mt --tasks new.conf "
            + "--mode frozen --out runs/mt-plus`");
    return 2;
  }
}
