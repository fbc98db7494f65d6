package org.mtc.bench.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mtc.core.MtcException;
import org.mtc.core.io.AtomicFiles;

/**
 * Writes a benchmark's report as a pair of files, {@code <name>.json} (the report record, indented)
 * and {@code <name>.md} (its markdown), into a directory it creates when missing; each file is
 * written atomically. Stateless and thread-safe.
 */
public final class ReportFiles {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportFiles() {}

  /**
   * @param report a record Jackson can serialise
   * @param what the report in words, for the error message, e.g. {@code "the contention report"}
   * @throws MtcException naming the directory when a file cannot be written
   */
  public static void write(Object report, String markdown, Path dir, String name, String what) {
    try {
      Files.createDirectories(dir);
      byte[] json = JSON.writeValueAsBytes(report);
      AtomicFiles.write(dir.resolve(name + ".json"), out -> out.write(json));
      AtomicFiles.writeString(dir.resolve(name + ".md"), markdown);
    } catch (IOException e) {
      throw new MtcException("could not write " + what + " to " + dir + ": " + e.getMessage(), e);
    }
  }
}
