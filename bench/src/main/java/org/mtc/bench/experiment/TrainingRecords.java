package org.mtc.bench.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.mtc.core.MtcException;
import org.mtc.core.io.AtomicFiles;
import org.mtc.core.io.FileTrees;
import org.mtc.tasks.model.MultitaskModel;

/**
 * Reads and writes the {@link TrainingRecord} a finished training leaves in its directory, so that
 * a resumed bench skips it. A record that cannot be read counts as absent (the training runs
 * again). Stateless.
 */
final class TrainingRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainingRecords() {}

  static void write(Path file, TrainingRecord record) {
    AtomicFiles.write(
        file, out -> out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(record)));
  }

  static Optional<TrainingRecord> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      TrainingRecord r = JSON.readValue(file.toFile(), TrainingRecord.class);
      return Files.isDirectory(Path.of(r.modelDir())) ? Optional.of(r) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The record of a training that finished in {@code out} (its {@code metrics.json} has the final
   * step count that the trainer writes last, and its best model is there) but whose process died
   * before the record was written; empty otherwise. Wall time is not known then, so the record
   * carries the optimisation time.
   */
  static Optional<TrainingRecord> finishedWithoutRecord(
      String configuration, List<String> tasks, long examples, Path out) {
    Path model = out.resolve(MultitaskModel.BEST_DIR);
    try {
      JsonNode metrics = JSON.readTree(out.resolve(MultitaskModel.METRICS_FILE).toFile());
      if (!metrics.path("steps").isNumber() || !Files.isDirectory(model)) {
        return Optional.empty();
      }
      JsonNode best = metrics.path("best").path("mean_score");
      return Optional.of(
          new TrainingRecord(
              configuration,
              tasks,
              examples,
              metrics.path("steps").asLong(),
              metrics.path("throughput").path("seconds").asDouble(Double.NaN),
              best.isNumber() ? best.asDouble() : Double.NaN,
              metrics.path("peak_rss_bytes").asLong(-1),
              model.toAbsolutePath().toString(),
              0));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static void deleteTree(Path dir) {
    try {
      FileTrees.delete(dir);
    } catch (IOException e) {
      throw new MtcException(
          "could not clear the unfinished training in " + dir + ": " + e.getMessage(), e);
    }
  }
}
