package org.mtc.bench.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link MemoryProbe} in a fresh JVM started by {@link JavaLauncher} and turns its output into
 * a {@link MemoryRecord}. A child that exits non-zero, times out or prints no result becomes a
 * failed record naming the exit code and the tail of its standard error; nothing is thrown.
 * Standard output and error go to files under {@code logDir}. Thread-safe.
 */
public final class ChildJvm {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TAIL_LINES = 12;

  private final List<String> jvmOptions;
  private final long timeoutSeconds;
  private final Path logDir;

  public ChildJvm(List<String> jvmOptions, long timeoutSeconds, Path logDir) {
    this.jvmOptions = List.copyOf(jvmOptions);
    this.timeoutSeconds = timeoutSeconds;
    this.logDir = logDir;
  }

  /**
   * Measures {@code modelDirs} loaded together in one child JVM.
   *
   * @param name file-name-safe name of the logs
   */
  public MemoryRecord probe(
      String configuration,
      String name,
      Path settingsFile,
      Path textsFile,
      int texts,
      int batchSize,
      List<Path> modelDirs) {
    List<String> dirs = modelDirs.stream().map(Path::toString).toList();
    List<String> args =
        new ArrayList<>(
            List.of(
                settingsFile.toString(),
                textsFile.toString(),
                Integer.toString(texts),
                Integer.toString(batchSize)));
    args.addAll(dirs);
    try {
      Files.createDirectories(logDir);
      Path out = logDir.resolve(name + ".out");
      Path err = logDir.resolve(name + ".err");
      ProcessBuilder pb =
          JavaLauncher.processBuilder(jvmOptions, MemoryProbe.class, args)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile()); // passive OpenMP waiting, DJL tracking off
      Process p = JavaLauncher.start(pb);
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return MemoryRecord.failed(
            configuration,
            dirs,
            "child JVM timed out after "
                + timeoutSeconds
                + " s (mtc.bench.child-timeout); stderr: "
                + LogTail.of(err, TAIL_LINES));
      }
      int code = p.exitValue();
      JsonNode result = lastResult(out);
      if (code != 0 || result == null) {
        return MemoryRecord.failed(
            configuration,
            dirs,
            "child JVM exited with code "
                + code
                + (result == null ? " without a result" : "")
                + "; stderr: "
                + LogTail.of(err, TAIL_LINES));
      }
      return measured(configuration, dirs, modelDirs, result);
    } catch (IOException | RuntimeException e) {
      return MemoryRecord.failed(configuration, dirs, "could not run the child JVM: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return MemoryRecord.failed(configuration, dirs, "interrupted");
    }
  }

  /** The last {@link MemoryProbe#PREFIX} line of the child's standard output, or null if none. */
  private static JsonNode lastResult(Path out) throws IOException {
    JsonNode result = null;
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      if (line.startsWith(MemoryProbe.PREFIX)) {
        result = JSON.readTree(line.substring(MemoryProbe.PREFIX.length()));
      }
    }
    return result;
  }

  /** The child's measurements, with the parameter bytes of {@code modelDirs} added up. */
  private static MemoryRecord measured(
      String configuration, List<String> dirs, List<Path> modelDirs, JsonNode result) {
    long encoder = 0;
    long heads = 0;
    for (Path d : modelDirs) {
      ParameterBytes.Split s = ParameterBytes.of(resolveModel(d));
      encoder += s.encoder();
      heads += s.heads();
    }
    return new MemoryRecord(
        configuration,
        dirs,
        result.path("models").asInt(),
        result.path("rss_after_load").asLong(),
        result.path("rss_after_predict").asLong(),
        result.path("peak_after_predict").asLong(),
        encoder,
        heads,
        result.path("load_seconds").asDouble(),
        result.path("texts").asInt(),
        null);
  }

  /** A model directory, or the {@code model/} inside a training run directory. */
  static Path resolveModel(Path dir) {
    return Files.isRegularFile(dir.resolve("heads.safetensors")) ? dir : dir.resolve("model");
  }
}
