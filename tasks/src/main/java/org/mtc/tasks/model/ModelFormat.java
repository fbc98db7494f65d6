package org.mtc.tasks.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.mtc.core.MtcException;
import org.mtc.core.io.AtomicFiles;

/**
 * The version stamp of a trained model directory: {@value #FILE} records the directory layout's
 * format version and the mtc version that wrote it, so that a newer layout is refused with an error
 * naming both versions instead of failing later on a missing or misread file. A directory without
 * the stamp was written before versioning (format 0) and is read as format 1, which has the same
 * layout. Stateless; thread-safe.
 */
public final class ModelFormat {
  /** The stamp's file name, beside {@code tasks.conf}. */
  public static final String FILE = "mtc-model.json";

  /** The layout this mtc writes and the newest it reads. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelFormat() {}

  /** The version of this mtc build (from the build's filtered resource), or {@code unknown}. */
  public static String mtcVersion() {
    try (InputStream in = ModelFormat.class.getResourceAsStream("mtc-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Writes the stamp into {@code modelDir} (atomically). */
  static void write(Path modelDir) {
    AtomicFiles.writeString(
        modelDir.resolve(FILE),
        JSON.createObjectNode()
                .put("format", VERSION)
                .put("mtc_version", mtcVersion())
                .toPrettyString()
            + "\n");
  }

  /**
   * Checks that this mtc can read {@code modelDir}.
   *
   * @throws MtcException naming the directory, its format and mtc version, and this mtc's, when the
   *     directory is newer or its stamp is unreadable
   */
  static void check(Path modelDir) {
    Path file = modelDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return; // written before versioning: the format-1 layout
    }
    JsonNode stamp;
    try {
      stamp = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new MtcException(
          file
              + " is not readable JSON ("
              + e.getMessage()
              + "); it should hold "
              + "{\"format\": N, \"mtc_version\": \"...\"}",
          e);
    }
    int format = stamp.path("format").asInt(-1);
    String writer = stamp.path("mtc_version").asText("unknown");
    if (format < 0) {
      throw new MtcException(
          file
              + " has no numeric \"format\"; it should hold {\"format\": N, "
              + "\"mtc_version\": \"...\"}");
    }
    if (format > VERSION) {
      throw new MtcException(
          "model directory "
              + modelDir
              + " was written by mtc "
              + writer
              + " in model format "
              + format
              + "; this mtc ("
              + mtcVersion()
              + ") reads model formats up to "
              + VERSION
              + ": use mtc "
              + writer
              + " or newer to load it");
    }
  }
}
