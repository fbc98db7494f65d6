package org.mtc.bench.compose;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.mtc.bench.experiment.BenchProgress;
import org.mtc.cli.Main;
import org.mtc.core.MtcException;
import org.mtc.core.io.AtomicFiles;
import org.mtc.core.io.FileTrees;

/**
 * Runs the steps of a compose run: each an {@code mtc} command ({@code tasks add}, {@code train},
 * {@code tasks merge}) run in this JVM by {@link Main#run}, its output shown as the command shows
 * it and copied to {@code logs/<name>.log}, its wall time recorded in {@code steps/<name>.json}.
 * When the run resumes, a step recorded as finished whose output is still there is not run again;
 * any other step starts over (its partial output is deleted). Single-threaded.
 */
final class Steps {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path run;
  private final BenchProgress progress;
  private final boolean resume;

  Steps(Path run, BenchProgress progress, boolean resume) {
    this.run = run;
    this.progress = progress;
    this.resume = resume;
  }

  /**
   * Runs {@code mtc args...}, which writes {@code output}; returns its record (a failed command has
   * a non-zero exit code; nothing is thrown).
   */
  StepRecord run(String name, String what, Path output, List<String> args) throws IOException {
    Path recordFile = run.resolve("steps").resolve(name + ".json");
    if (resume && Files.isRegularFile(recordFile) && Files.exists(output)) {
      StepRecord done = JSON.readValue(recordFile.toFile(), StepRecord.class);
      if (done.ok()) {
        progress.message(
            String.format(
                Locale.ROOT,
                "  %s: finished before the interruption (%.0f s); not run again",
                name,
                done.seconds()));
        return new StepRecord(name, what, done.args(), done.seconds(), 0, done.output(), true);
      }
    }
    FileTrees.delete(output); // a step that did not finish starts over
    Path log = run.resolve("logs").resolve(name + ".log");
    Files.createDirectories(log.getParent());
    long start = System.nanoTime();
    int code = runTeed(args, log);
    StepRecord record =
        new StepRecord(
            name,
            what,
            args,
            (System.nanoTime() - start) / 1e9,
            code,
            output.toAbsolutePath().toString(),
            false);
    AtomicFiles.writeString(recordFile, JSON.writeValueAsString(record));
    if (!record.ok()) {
      progress.message("  " + name + ": FAILED with exit code " + code + " (log: " + log + ")");
    }
    return record;
  }

  /** Runs the command with standard output and error copied into {@code log}. */
  private static int runTeed(List<String> args, Path log) throws IOException {
    PrintStream out = System.out;
    PrintStream err = System.err;
    try (OutputStream file = new FileOutputStream(log.toFile())) {
      System.setOut(new PrintStream(new Tee(out, file), true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(new Tee(err, file), true, StandardCharsets.UTF_8));
      try {
        return Main.run(args.toArray(String[]::new));
      } catch (RuntimeException e) { // Main.run turns failures into exit codes; this is a backstop
        System.err.println("mtc: " + (e.getMessage() == null ? e : e.getMessage()));
        return 1;
      } finally {
        System.out.flush();
        System.err.flush();
        System.setOut(out);
        System.setErr(err);
      }
    }
  }

  /** The last lines of a step's log, for a failure's reason. */
  String logTail(String name) {
    try {
      return org.mtc.bench.experiment.LogTail.of(run.resolve("logs").resolve(name + ".log"), 3);
    } catch (IOException | MtcException e) {
      return "(no log)";
    }
  }

  /** Writes to two streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }

    @Override
    public void flush() throws IOException {
      a.flush();
      b.flush();
    }
  }
}
