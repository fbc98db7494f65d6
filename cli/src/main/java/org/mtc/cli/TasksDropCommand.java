package org.mtc.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mtc.tasks.compose.Provenance;
import org.mtc.tasks.compose.TaskDrop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mtc tasks drop}: writes a trained model without some of its tasks ({@link TaskDrop}): the
 * backbone and the kept heads are copied bit for bit, so the kept tasks answer exactly as before;
 * the new directory records its source in {@code provenance.json}.
 */
@Command(
    name = "drop",
    mixinStandardHelpOptions = true,
    description = {
      "Write a trained model without some of its tasks, as a new model directory that every command "
          + "opens. The backbone and the kept tasks' heads are copied bit for bit, so their answers do not "
          + "change on any engine or in an export; provenance.json records the source and its SHA-256."
    })
final class TasksDropCommand implements Callable<Integer> {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description =
          "Trained model directory (or a training run directory holding model/); only read.")
  Path model;

  @Option(
      names = "--drop",
      required = true,
      split = ",",
      paramLabel = "TASK",
      description = "The tasks to leave out, separated by commas, e.g. topics,intents.")
  List<String> drop;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "The new model directory to write (beside the source, never inside it).")
  Path out;

  @Option(
      names = "--overwrite",
      description =
          "Replace an existing --out that is a model directory (never the source, a run directory "
              + "or any other folder).")
  boolean overwrite;

  @Override
  public Integer call() {
    long start = System.nanoTime();
    TaskDrop.Result r = TaskDrop.write(model, drop, out, overwrite);
    System.err.printf(
        "wrote %s in %.1f s: %d task%s (%s), without %s; backbone and kept heads copied unchanged from "
            + "%s (sha256 %s, recorded in %s)%n",
        out,
        (System.nanoTime() - start) / 1e9,
        r.kept().size(),
        r.kept().size() == 1 ? "" : "s",
        String.join(", ", r.kept()),
        String.join(", ", r.dropped()),
        r.model(),
        r.sourceSha256().substring(0, 12),
        Provenance.FILE);
    if (!r.leftOut().isEmpty()) {
      System.err.println(
          "mtc: left out "
              + String.join(", ", r.leftOut())
              + " of "
              + r.model()
              + ": not part of a model directory, and it may describe the dropped tasks");
    }
    return 0;
  }
}
