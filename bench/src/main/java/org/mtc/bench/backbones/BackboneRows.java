package org.mtc.bench.backbones;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.mtc.core.io.AtomicFiles;

/**
 * {@link BackboneRow} as JSON ({@code row.json} in a backbone's run directory, and the rows of
 * {@code backbones.json}): NaN and unknown values are written as null. Stateless.
 */
final class BackboneRows {
  static final String FILE = "row.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private BackboneRows() {}

  static ObjectNode toJson(BackboneRow r) {
    ObjectNode o =
        JSON.createObjectNode()
            .put("backbone", r.backbone())
            .put("directory", r.directory())
            .put("layers", r.layers())
            .put("hidden", r.hidden())
            .put("parameters", r.parameters());
    number(o, "mean_accuracy", r.meanAccuracy());
    number(o, "mean_macro_f1", r.meanMacroF1());
    number(o, "single_task_mean_accuracy", r.singleTaskMeanAccuracy());
    number(o, "train_examples_per_second", r.trainExamplesPerSecond());
    number(o, "train_seconds", r.trainSeconds());
    number(o, "texts_per_second", r.textsPerSecond());
    o.put("peak_rss_bytes", r.peakRssBytes());
    ObjectNode acc = o.putObject("accuracy");
    r.accuracy().forEach((t, v) -> number(acc, t, v));
    ObjectNode f1 = o.putObject("macro_f1");
    r.macroF1().forEach((t, v) -> number(f1, t, v));
    if (r.failure() != null) {
      o.put("failure", r.failure());
    }
    return o;
  }

  static BackboneRow fromJson(JsonNode o) {
    return new BackboneRow(
        o.path("backbone").asText(),
        o.path("directory").asText(""),
        o.path("layers").asInt(-1),
        o.path("hidden").asInt(-1),
        o.path("parameters").asLong(-1),
        map(o.path("accuracy")),
        map(o.path("macro_f1")),
        number(o, "single_task_mean_accuracy"),
        number(o, "train_examples_per_second"),
        number(o, "train_seconds"),
        number(o, "texts_per_second"),
        o.path("peak_rss_bytes").asLong(-1),
        o.hasNonNull("failure") ? o.get("failure").asText() : null);
  }

  /** Writes {@code row} into {@code dir} atomically. */
  static void write(Path dir, BackboneRow row) {
    AtomicFiles.writeString(dir.resolve(FILE), toJson(row).toPrettyString() + "\n");
  }

  /**
   * The row a finished backbone wrote into {@code dir}; empty when there is none or it cannot be
   * read.
   */
  static Optional<BackboneRow> read(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(fromJson(JSON.readTree(file.toFile())));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static void number(ObjectNode o, String key, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      o.putNull(key);
    } else {
      o.put(key, v);
    }
  }

  private static double number(JsonNode o, String key) {
    JsonNode v = o.path(key);
    return v.isNumber() ? v.asDouble() : Double.NaN;
  }

  private static Map<String, Double> map(JsonNode o) {
    Map<String, Double> out = new LinkedHashMap<>();
    o.fields()
        .forEachRemaining(
            e ->
                out.put(
                    e.getKey(), e.getValue().isNumber() ? e.getValue().asDouble() : Double.NaN));
    return out;
  }
}
