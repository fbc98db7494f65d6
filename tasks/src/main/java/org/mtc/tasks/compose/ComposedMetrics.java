package org.mtc.tasks.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.mtc.core.MtcException;
import org.mtc.tasks.model.MultitaskModel;

/**
 * A model directory's {@code metrics.json} (the dev evaluation that chose the checkpoint) narrowed
 * to the tasks a composed model keeps: the other tasks' entries under {@code tasks} go, and so do
 * the figures averaged over every task ({@code mean_*}), which no longer describe the model; the
 * rest ({@code split}, {@code round}, {@code step}, each kept task's figures) stays as it was.
 * Stateless.
 */
final class KeptMetrics {
  private static final ObjectMapper JSON = new ObjectMapper();

  private KeptMetrics() {}

  /** Writes {@code from} narrowed to {@code dropped}'s complement as {@code to}. */
  static void write(Path from, Path to, Collection<String> dropped) {
    JsonNode metrics;
    try {
      metrics = JSON.readTree(from.toFile());
    } catch (IOException e) {
      throw new MtcException(
          from
              + " is not readable JSON ("
              + e.getMessage()
              + "); it holds the model's dev metrics: restore it, or delete it to go on without them",
          e);
    }
    if (!(metrics instanceof ObjectNode root)) {
      throw new MtcException(
          from + " does not hold a JSON object; restore it, or delete it to go on without it");
    }
    if (root.path("tasks") instanceof ObjectNode tasks) {
      tasks.remove(dropped);
    }
    List<String> means = new ArrayList<>();
    root.fieldNames()
        .forEachRemaining(
            n -> {
              if (n.startsWith("mean_")) {
                means.add(n);
              }
            });
    root.remove(means);
    MultitaskModel.writeJson(to, root);
  }
}
