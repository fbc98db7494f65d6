package org.mtc.tasks.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.mtc.core.MtcException;
import org.mtc.tasks.model.FileDigest;
import org.mtc.tasks.model.ModelFormat;
import org.mtc.tasks.model.MultitaskModel;

/**
 * Where a composed model came from, written as {@value #FILE} in its model directory: the
 * operation, its details (for a drop, the dropped and kept tasks; for an add, the mode, the added
 * tasks, the task set file and the data read, with their SHA-256, and how the new heads trained),
 * and each source model with its path and the SHA-256 of its directory ({@link FileDigest}: every
 * file's relative path and bytes, in path order). A source that was itself composed brings its own
 * provenance along, so the chain is kept. Loading a model never reads this file. Immutable.
 */
public final class Provenance {
  /** The file's name in a model directory. */
  public static final String FILE = "provenance.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode root;

  private Provenance(ObjectNode root) {
    this.root = root;
  }

  /**
   * The provenance of an operation on one source model.
   *
   * @param operation the operation's name, e.g. {@code drop}
   * @param given the source as the user named it (a model or run directory)
   * @param modelDir the model directory read from it, as it is now (it is digested here)
   */
  public static Provenance of(String operation, Path given, Path modelDir) {
    ObjectNode root = JSON.createObjectNode();
    root.put("operation", operation);
    addSource(root.putArray("sources"), given, modelDir);
    root.put("mtc_version", ModelFormat.mtcVersion());
    root.put("created", Instant.now().toString());
    return new Provenance(root);
  }

  /**
   * This provenance with one more source model (a merge's second model), recorded as the first.
   *
   * @param given the source as the user named it
   * @param modelDir the model directory read from it (digested here)
   */
  public Provenance withSource(Path given, Path modelDir) {
    ObjectNode copy = root.deepCopy();
    addSource((ArrayNode) copy.get("sources"), given, modelDir);
    return new Provenance(copy);
  }

  private static void addSource(ArrayNode sources, Path given, Path modelDir) {
    ObjectNode source = sources.addObject();
    source.put("path", given.toAbsolutePath().normalize().toString());
    source.put("model", modelDir.toAbsolutePath().normalize().toString());
    source.put("sha256", FileDigest.of(modelDir));
    JsonNode earlier = read(modelDir);
    if (earlier != null) {
      source.set("provenance", earlier);
    }
  }

  /** The SHA-256 of each source's directory, in order, as recorded. */
  public List<String> sourceDigests() {
    List<String> out = new java.util.ArrayList<>();
    root.path("sources").forEach(s -> out.add(s.path("sha256").asText()));
    return out;
  }

  /** This provenance with {@code key} set to the list {@code values} (e.g. the dropped tasks). */
  public Provenance with(String key, List<String> values) {
    ObjectNode copy = root.deepCopy();
    ArrayNode array = copy.putArray(key);
    values.forEach(array::add);
    return new Provenance(copy);
  }

  /** This provenance with {@code key} set to the text {@code value} (e.g. the mode). */
  public Provenance with(String key, String value) {
    ObjectNode copy = root.deepCopy();
    copy.put(key, value);
    return new Provenance(copy);
  }

  /** This provenance with {@code key} set to a copy of {@code value} (e.g. the data read). */
  public Provenance with(String key, JsonNode value) {
    ObjectNode copy = root.deepCopy();
    copy.set(key, value.deepCopy());
    return new Provenance(copy);
  }

  /** The SHA-256 of the first source's directory, as recorded. */
  public String sourceSha256() {
    return root.path("sources").path(0).path("sha256").asText();
  }

  /** Writes {@value #FILE} into {@code modelDir} (atomically). */
  public void writeTo(Path modelDir) {
    MultitaskModel.writeJson(modelDir.resolve(FILE), root);
  }

  /** The {@value #FILE} of {@code modelDir}, or null when it has none. */
  public static JsonNode read(Path modelDir) {
    Path file = modelDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new MtcException(
          file
              + " is not readable JSON ("
              + e.getMessage()
              + "); it records where the model came from: restore it, or delete it to go on without that record",
          e);
    }
  }
}
