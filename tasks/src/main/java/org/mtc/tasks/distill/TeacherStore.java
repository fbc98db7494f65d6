package org.mtc.tasks.distill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.mtc.core.io.AtomicFiles;

/**
 * One task's stored teacher predictions: {@code <run>/teachers/<task>.bin}, a length-prefixed JSON
 * header (the task, the teacher's location and {@link Teacher#fingerprint}, the labels, the row
 * count) and then one row per distinct training input: its {@link InputKey} and the teacher's
 * probabilities {@code [labels]} as float32. Rows are found by the input's content, not its
 * position, so a store serves any sample of the same data (another seed, more epochs, a resume).
 * Written atomically; a store made by another teacher or for other labels is not used. Stateless.
 */
final class TeacherStore {
  /** The folder of a run directory that holds the stores. */
  static final String DIR = "teachers";

  private static final int FORMAT = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a store holds: its header's teacher fingerprint and labels, and its rows by input. */
  record Stored(String fingerprint, List<String> labels, Map<InputKey, float[]> rows) {}

  private TeacherStore() {}

  static Path file(Path runDir, String task) {
    return runDir.resolve(DIR).resolve(task + ".bin");
  }

  /**
   * Reads the store of {@code task}; empty when there is none. A store that cannot be read (cut
   * short, another format) is reported through {@code problem} and reads as empty.
   */
  static Optional<Stored> read(Path runDir, String task, Consumer<String> problem) {
    Path file = file(runDir, task);
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      byte[] header = new byte[in.readInt()];
      in.readFully(header);
      JsonNode h = JSON.readTree(new String(header, StandardCharsets.UTF_8));
      if (h.path("format").asInt() != FORMAT) {
        problem.accept(file + " has format " + h.path("format") + ", not " + FORMAT);
        return Optional.empty();
      }
      List<String> labels =
          JSON.convertValue(
              h.get("labels"),
              JSON.getTypeFactory().constructCollectionType(List.class, String.class));
      int count = h.get("rows").asInt();
      Map<InputKey, float[]> rows = new HashMap<>(count * 2);
      for (int r = 0; r < count; r++) {
        InputKey key = new InputKey(in.readLong(), in.readLong());
        float[] row = new float[labels.size()];
        for (int j = 0; j < row.length; j++) {
          row[j] = in.readFloat();
        }
        rows.put(key, row);
      }
      return Optional.of(new Stored(h.get("fingerprint").asText(), labels, rows));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      problem.accept(file + " cannot be read (" + e + ")");
      return Optional.empty();
    }
  }

  /** Writes the store of {@code task} atomically, replacing any older one. */
  static void write(
      Path runDir, String task, Teacher teacher, List<String> labels, Map<InputKey, float[]> rows) {
    ObjectNode h = JSON.createObjectNode();
    h.put("format", FORMAT);
    h.put("task", task);
    h.put("teacher", teacher.location());
    h.put("fingerprint", teacher.fingerprint());
    h.set("labels", JSON.valueToTree(labels));
    h.put("rows", rows.size());
    byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(
        file(runDir, task),
        stream -> {
          DataOutputStream out = new DataOutputStream(stream);
          out.writeInt(header.length);
          out.write(header);
          for (Map.Entry<InputKey, float[]> e : rows.entrySet()) {
            out.writeLong(e.getKey().high());
            out.writeLong(e.getKey().low());
            for (float v : e.getValue()) {
              out.writeFloat(v);
            }
          }
          out.flush();
        });
  }
}
