package org.mtc.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code mtc tasks}: changes the task set of a trained model without retraining it: {@code drop}
 * ({@link TasksDropCommand}), {@code add} with a frozen encoder or by distillation ({@link
 * TasksAddCommand}) and {@code merge} of several models into one encoder ({@link
 * TasksMergeCommand}).
 */
@Command(
    name = "tasks",
    mixinStandardHelpOptions = true,
    description = {
      "Change the task set of trained models: `drop` writes a model without some tasks and `add "
          + "--mode frozen` with new tasks whose heads train on its frozen encoder (either way the "
          + "other tasks answer bit for bit as before); `add --mode distill` trains the encoder on "
          + "the new tasks while the model teaches its old ones; `merge` trains one encoder for the "
          + "tasks of several models, each model teaching its own."
    },
    subcommands = {TasksDropCommand.class, TasksAddCommand.class, TasksMergeCommand.class})
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
