package org.mtc.bench.contention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mtc.bench.experiment.JavaLauncher;
import org.mtc.bench.experiment.LogTail;
import org.mtc.bench.experiment.NativeThreadEnv;

/**
 * Runs one {@link ContentionProbe} in a fresh JVM whose environment is the variant's (native
 * thread-pool variables must be in place before the engines' libraries load, so each configuration
 * needs its own JVM), and returns its result line as JSON, or a failure naming the exit code and
 * the tail of standard error. Logs go to {@code logDir/NAME.out|err}. Never throws for a failed
 * child.
 */
final class ProbeJvm {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TAIL_LINES = 8;

  /** A child's result: the JSON line, or why there is none. */
  record Result(JsonNode json, String error) {
    boolean ok() {
      return json != null;
    }
  }

  private final List<String> jvmOptions;
  private final long timeoutSeconds;
  private final Path logDir;

  ProbeJvm(List<String> jvmOptions, long timeoutSeconds, Path logDir) {
    this.jvmOptions = List.copyOf(jvmOptions);
    this.timeoutSeconds = timeoutSeconds;
    this.logDir = logDir;
  }

  /** The command line of a probe of {@code planFile}. */
  List<String> command(Path planFile) {
    return JavaLauncher.command(jvmOptions, ContentionProbe.class, List.of(planFile.toString()));
  }

  /**
   * The environment of a probe: this JVM's, with mtc's defaults where the user set no wait
   * variable, then the variant's variables (an empty value removes one).
   */
  static void environment(Map<String, String> env, Variant variant) {
    NativeThreadEnv.applyDefaults(env);
    env.putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "2");
    NativeThreadEnv.apply(env, variant.env());
  }

  Result run(String name, Variant variant, ProbePlan plan) {
    try {
      Files.createDirectories(logDir);
      Path planFile = logDir.resolve(name + ".plan.json");
      JSON.writerWithDefaultPrettyPrinter().writeValue(planFile.toFile(), plan);
      Path out = logDir.resolve(name + ".out");
      Path err = logDir.resolve(name + ".err");
      ProcessBuilder pb =
          new ProcessBuilder(command(planFile))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      environment(pb.environment(), variant);
      Process p = JavaLauncher.start(pb);
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return new Result(
            null,
            "timed out after "
                + timeoutSeconds
                + " s (--child-timeout); stderr: "
                + LogTail.of(err, TAIL_LINES));
      }
      JsonNode result = null;
      for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
        if (line.startsWith(ContentionProbe.PREFIX)) {
          result = JSON.readTree(line.substring(ContentionProbe.PREFIX.length()));
        }
      }
      if (p.exitValue() != 0 || result == null) {
        return new Result(
            null,
            "child JVM exited with code "
                + p.exitValue()
                + (result == null ? " without a result" : "")
                + "; stderr ("
                + err
                + "): "
                + LogTail.of(err, TAIL_LINES));
      }
      return new Result(result, null);
    } catch (IOException | RuntimeException e) {
      return new Result(null, "could not run the child JVM: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(null, "interrupted");
    }
  }
}
