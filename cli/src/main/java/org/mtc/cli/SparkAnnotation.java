package org.mtc.cli;

import com.typesafe.config.ConfigRenderOptions;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.mtc.core.MtcException;

/**
 * {@code mtc annotate --spark}: hands the job to the spark module's {@code org.mtc.spark.AnnotateJob}, found on the
 * class path at run time. The cli does not depend on Spark (a few hundred MB of jars and a slower start for every
 * command); bin/mtc puts the spark module and Spark on the class path only for a command line with {@code --spark}.
 * The contract is one static method taking JDK types only: {@code long run(Map<String, String>, LongConsumer)}.
 */
final class SparkAnnotation {
  static final String JOB = "org.mtc.spark.AnnotateJob";

  private SparkAnnotation() {
  }

  /**
   * The job replaces an existing output by deleting it, folder and all: with {@code overwrite}, refuse a folder
   * that holds anything but the part files of an earlier Spark output (a data folder, a home directory).
   */
  static void checkReplaceable(Path output, boolean overwrite) {
    if (!overwrite || !Files.isDirectory(output)) {
      return;
    }
    List<String> foreign;
    try (Stream<Path> entries = Files.list(output)) {
      foreign = entries.map(p -> p.getFileName().toString()).filter(n -> !(n.startsWith("part-")
          || n.equals("_SUCCESS") || n.startsWith(".") && n.endsWith(".crc"))).sorted().toList();
    } catch (IOException e) {
      throw new MtcException("could not list --output " + output + ": " + e.getMessage(), e);
    }
    if (!foreign.isEmpty()) {
      throw new MtcException("--output " + output + " holds files that a Spark annotate does not write ("
          + String.join(", ", foreign.subList(0, Math.min(5, foreign.size()))) + (foreign.size() > 5 ? ", ..." : "")
          + "), so it is not an earlier output and is never replaced, even with --overwrite; choose another --output");
    }
  }

  static int run(AnnotateCommand command, String format) {
    checkReplaceable(command.output, command.overwrite);
    Method run;
    try {
      run = Class.forName(JOB).getMethod("run", Map.class, LongConsumer.class);
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      throw new MtcException("--spark needs the mtc spark module and Apache Spark on the class path: run through "
          + "bin/mtc (which adds them for --spark) after `mvn -pl spark -am install`, or submit "
          + "org.mtc.spark.AnnotateJob with spark-submit (docs/annotate.md)");
    }
    Map<String, String> options = new LinkedHashMap<>();
    options.put("master", command.spark);
    options.put("model", command.modelOptions.model.toAbsolutePath().toString());
    if (command.modelOptions.engine != null) {
      options.put("engine", command.modelOptions.engine);
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
    options.put("settings", command.settingsOptions.given(List.of(), Map.of()).root()
        .render(ConfigRenderOptions.concise()));
    try (RowProgress progress = new RowProgress(System.err, "annotate", 10, TrainingBar.interactive())) {
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
