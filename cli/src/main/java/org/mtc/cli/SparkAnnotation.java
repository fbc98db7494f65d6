package org.mtc.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.mtc.core.MtcException;
import org.mtc.library.Mtc;

/**
 * {@code mtc annotate --spark}: hands the job to the spark module's {@code
 * org.mtc.spark.AnnotateJob}, found on the class path at run time. The cli does not depend on Spark
 * (a few hundred MB of jars and a slower start for every command); bin/mtc puts the spark module
 * and Spark on the class path only for a command line with {@code --spark}. The contract is one
 * static method taking JDK types only: {@code long run(Map<String, String>, LongConsumer)}.
 */
final class SparkAnnotation {
  static final String JOB = "org.mtc.spark.AnnotateJob";

  /** The environment variable that sets Spark's log level (WARN unless set). */
  static final String LOG_ENV = "MTC_SPARK_LOG";

  private SparkAnnotation() {}

  /**
   * The job replaces an existing output by deleting it, folder and all: with {@code overwrite},
   * refuse a folder that holds anything but the part files of an earlier Spark output (a data
   * folder, a home directory).
   */
  static void checkReplaceable(Path output, boolean overwrite) {
    if (!overwrite || !Files.isDirectory(output)) {
      return;
    }
    List<String> foreign;
    try (Stream<Path> entries = Files.list(output)) {
      foreign =
          entries
              .map(p -> p.getFileName().toString())
              .filter(
                  n ->
                      !(n.startsWith("part-")
                          || n.equals("_SUCCESS")
                          || n.startsWith(".") && n.endsWith(".crc")))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new MtcException("could not list --output " + output + ": " + e.getMessage(), e);
    }
    if (!foreign.isEmpty()) {
      throw new MtcException(
          "--output "
              + output
              + " holds files that a Spark annotate does not write ("
              + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
              + (foreign.size() > 5 ? ", ..." : "")
              + "), so it is not an earlier output and is never replaced, even with --overwrite; choose another --output");
    }
  }

  /**
   * Checks, in the in-process annotate's words and order, what it checks before its first row, so
   * that these errors come before Spark starts (15-35 s and its logging) rather than after: the
   * output may be written, the model is a model (without loading it) and its --engine is known, the
   * input is readable and has the text column (and the context column when one is named). A folder
   * or a glob is Spark's to read: only a single file's columns are checked.
   *
   * @throws org.mtc.core.MtcException as the in-process annotate would
   */
  static void checkBeforeSpark(AnnotateCommand command) {
    StagedOutput.refuseExisting(command.output, command.overwrite);
    checkReplaceable(command.output, command.overwrite);
    Mtc.check(command.modelOptions.model);
    command.modelOptions.checkBatchSize();
    String engine =
        engine(command.modelOptions.engine, command.settingsOptions.given(List.of(), Map.of()));
    if (engine != null && !Files.isRegularFile(command.modelOptions.model)) {
      command.engines.factory(engine); // an .onnx file needs none
    }
    Path input = command.input;
    if (Files.isDirectory(input) || input.toString().matches(".*[*?\\[{].*")) {
      return;
    }
    try (CorpusReader in =
        CorpusReader.open(
            input,
            command.textColumn,
            command.contextColumnOrDefault(),
            command.contextColumn != null)) {
      if (in.header().isEmpty()) {
        in.next(); // JSON lines: the first object is where the in-process annotate checks the
        // columns
      }
    }
  }

  /** {@code MTC_SPARK_LOG}'s level, upper-cased, or WARN when unset. */
  static String sparkLogLevel(String given) {
    if (given == null || given.isBlank()) {
      return "WARN";
    }
    String level = given.trim().toUpperCase(Locale.ROOT);
    if (!List.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE").contains(level)) {
      throw new MtcException(
          LOG_ENV
              + "="
              + given
              + " is not a log level; use ERROR, WARN (the default), INFO, "
              + "DEBUG or TRACE");
    }
    return level;
  }

  /**
   * The job's options ({@code AnnotateJob.run}'s contract): the command line's, with paths made
   * absolute.
   */
  static Map<String, String> jobOptions(AnnotateCommand command, String format, String logLevel) {
    Config given = command.settingsOptions.given(List.of(), Map.of());
    Map<String, String> options = new LinkedHashMap<>();
    options.put("master", command.spark);
    options.put("model", command.modelOptions.model.toAbsolutePath().toString());
    String engine = engine(command.modelOptions.engine, given);
    if (engine != null) {
      options.put("engine", engine);
    }
    options.put("batch-size", Integer.toString(command.modelOptions.batchSize));
    options.put("input", command.input.toAbsolutePath().toString());
    options.put("output", command.output.toAbsolutePath().toString());
    options.put("format", format);
    options.put("text-column", command.textColumn);
    if (command.contextColumn != null) {
      options.put("context-column", command.contextColumn);
    }
    options.put("overwrite", Boolean.toString(command.overwrite));
    options.put("log-level", logLevel);
    options.put("settings", given.root().render(ConfigRenderOptions.concise()));
    return options;
  }

  /**
   * The engine asked for: {@code --engine}, else {@code mtc.backbone.engine} from --set or --config
   * (the job opens the model with an explicit engine, which would ignore the setting), else null:
   * the job's default, onnx.
   */
  static String engine(String option, Config given) {
    return option != null
        ? option
        : given.hasPath("mtc.backbone.engine") ? given.getString("mtc.backbone.engine") : null;
  }

  static int run(AnnotateCommand command, String format) {
    checkBeforeSpark(command);
    String logLevel = sparkLogLevel(System.getenv(LOG_ENV));
    Method run;
    try {
      run = Class.forName(JOB).getMethod("run", Map.class, LongConsumer.class);
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      throw new MtcException(
          "--spark needs the mtc spark module and Apache Spark on the class path: run through "
              + "bin/mtc (which adds them for --spark) after `mvn -pl spark -am install`, or submit "
              + "org.mtc.spark.AnnotateJob with spark-submit (docs/annotate.md)");
    }
    Map<String, String> options = jobOptions(command, format, logLevel);
    try (RowProgress progress =
        new RowProgress(System.err, "annotate", 10, TrainingBar.interactive())) {
      try {
        long rows = (Long) run.invoke(null, options, (LongConsumer) progress::add);
        progress.add(rows - progress.rows()); // task-end events may lag behind the job's end
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new MtcException("the Spark job failed: " + e.getCause(), e.getCause());
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
      progress.finish(command.output.toString());
    }
    return 0;
  }
}
