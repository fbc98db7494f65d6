package org.mtc.tasks.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.mtc.core.MtcException;
import org.mtc.tasks.model.MultitaskModel;

/**
 * A composed model's {@code metrics.json}: its source's (the dev evaluation that chose the
 * checkpoint) with the dropped tasks' entries under {@code tasks} removed and the added tasks'
 * entries (from the dev evaluation that chose their heads) put after the others. The figures
 * averaged over every task ({@code mean_*}) go, as they no longer describe the model; the rest
 * ({@code split}, {@code round}, {@code step}, each kept task's figures) stays as it was.
 * Stateless.
 */
final class ComposedMetrics {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ComposedMetrics() {}

  /**
   * Writes {@code from} (empty when it does not exist) without {@code dropped} and with {@code
   * added} as {@code to}.
   *
   * @param added task name → metrics of the added tasks, as under {@code tasks} of a {@code
   *     metrics.json}; null when none
   */
  static void write(Path from, Path to, Collection<String> dropped, JsonNode added) {
    ObjectNode root = Files.isRegularFile(from) ? read(from) : JSON.createObjectNode();
    if (root.path("tasks") instanceof ObjectNode tasks) {
      tasks.remove(dropped);
    }
    if (added != null && added.isObject() && !added.isEmpty()) {
      ObjectNode tasks = root.path("tasks") instanceof ObjectNode t ? t : root.putObject("tasks");
      added.fields().forEachRemaining(e -> tasks.set(e.getKey(), e.getValue()));
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

  /**
   * The {@code tasks} entries of the {@code metrics.json} {@code file}, or null when it has none.
   */
  static JsonNode tasks(Path file) {
    return Files.isRegularFile(file) ? read(file).get("tasks") : null;
  }

  private static ObjectNode read(Path from) {
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
    return root;
  }
}
