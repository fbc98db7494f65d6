package org.mtc.bench.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.mtc.core.MtcException;
import org.mtc.core.io.AtomicFiles;

/**
 * Reads and writes the {@link TrainingRecord} a finished training leaves in its directory, so that a resumed
 * bench skips it. A record that cannot be read counts as absent (the training runs again). Stateless.
 */
final class TrainingRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainingRecords() {
  }

  static void write(Path file, TrainingRecord record) {
    AtomicFiles.write(file, out -> out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(record)));
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

  static void deleteTree(Path dir) {
    try {
      org.mtc.core.io.FileTrees.delete(dir);
    } catch (IOException e) {
      throw new MtcException("could not clear the unfinished training in " + dir + ": " + e.getMessage(), e);
    }
  }

}
