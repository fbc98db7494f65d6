package org.mtc.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.mtc.core.MtcException;
import org.mtc.library.Mtc;

/**
 * {@code mtc annotate --spark MASTER}: reads a TSV or JSON-lines corpus with Spark, annotates it
 * with {@link SparkAnnotator} and writes a folder of Parquet, JSON-lines or TSV part files. The
 * output is written to a hidden sibling and renamed when the job succeeds, so a failed job leaves
 * nothing under the output name; an existing output is refused unless overwriting was asked for.
 * Spark retries a failed task and commits each partition's output once, so every input row appears
 * exactly once.
 */
public final class AnnotateJob {
  private AnnotateJob() {}

  /**
   * {@code spark-submit --class org.mtc.spark.AnnotateJob mtc-spark.jar model=... input=...
   * output=... [format=parquet] [engine=onnx] [batch-size=32] [text-column=text]
   * [context-column=...] [overwrite=true]}: the options of {@link #run} as {@code key=value}
   * arguments; the master comes from spark-submit unless {@code master=} is given.
   */
  public static void main(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new MtcException(
            "argument '"
                + arg
                + "' is not key=value; e.g. model=/shared/mt input=turns.tsv "
                + "output=labelled format=parquet");
      }
      options.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    long rows = run(options, n -> {});
    System.out.println("annotated " + rows + " rows -> " + options.get("output"));
  }

  /**
   * Runs the job; the contract {@code mtc annotate} calls by reflection, JDK types only. Options:
   * {@code master (absent: from spark-submit), model, engine, batch-size, input, output, format
   * (jsonl|tsv|parquet), text-column, context-column, overwrite, settings (HOCON), log-level
   * (Spark's, Hadoop's and Netty's loggers in a session this job starts; default WARN)}. {@code
   * progress} receives the rows of each finished task. Returns the rows written.
   */
  public static long run(Map<String, String> options, LongConsumer progress) {
    return run(options, progress, AnnotateJob::startSession);
  }

  /**
   * {@link #run(Map, LongConsumer)} with the session made by {@code start} (tests: one that must
   * not be called).
   */
  static long run(
      Map<String, String> options,
      LongConsumer progress,
      Function<Map<String, String>, SparkSession> start) {
    String format = options.getOrDefault("format", "parquet");
    if (!List.of("parquet", "jsonl", "tsv").contains(format)) {
      throw new MtcException("unknown format '" + format + "'; choose parquet, jsonl or tsv");
    }
    Path output = new Path(options.get("output"));
    boolean overwrite = Boolean.parseBoolean(options.getOrDefault("overwrite", "false"));
    boolean ownSession =
        SparkSession.getDefaultSession().isEmpty(); // an application's session is left running
    String logLevel = options.getOrDefault("log-level", "WARN");
    if (ownSession) {
      SparkLogs.level(logLevel); // before Hadoop's first logger, which the checks make
    }
    checkBeforeSpark(output, overwrite, options.get("model"));
    SparkSession spark = start.apply(options);
    try {
      if (ownSession) {
        spark.sparkContext().setLogLevel(logLevel);
      }
      spark
          .conf()
          .set(
              "spark.sql.files.minPartitionNum",
              Integer.toString(4 * spark.sparkContext().defaultParallelism()));
      Configuration hadoop = spark.sparkContext().hadoopConfiguration();
      FileSystem fs = output.getFileSystem(hadoop);
      refuseExisting(fs, output, overwrite);
      Path staged =
          new Path(
              output.getParent(),
              "." + output.getName() + ".part-" + spark.sparkContext().applicationId());
      Dataset<Row> annotated = annotator(options).annotate(read(spark, options.get("input")));
      writeStaged(spark, fs, annotated, format, staged, progress);
      if (fs.exists(output)) {
        fs.delete(output, true);
      }
      if (!fs.rename(staged, output)) {
        throw new MtcException("could not rename the finished output " + staged + " to " + output);
      }
      return count(spark, format, output);
    } catch (IOException e) {
      throw new MtcException(
          "cannot write the output " + options.get("output") + ": " + e.getMessage(), e);
    } finally {
      if (ownSession) {
        spark.stop();
      }
    }
  }

  /** The annotator the options describe: model, engine, batch size, columns and settings. */
  private static SparkAnnotator annotator(Map<String, String> options) {
    SparkAnnotator annotator =
        SparkAnnotator.of(ModelSource.shared(options.get("model")))
            .engine(options.getOrDefault("engine", "onnx"))
            .batchSize(Integer.parseInt(options.getOrDefault("batch-size", "32")))
            .textColumn(options.getOrDefault("text-column", "text"))
            .settings(options.getOrDefault("settings", ""));
    return options.containsKey("context-column")
        ? annotator.contextColumn(options.get("context-column"))
        : annotator;
  }

  /**
   * Writes {@code annotated} to the hidden {@code staged} folder, reporting rows as tasks finish; a
   * failure, Ctrl-C or SIGTERM removes the folder.
   */
  private static void writeStaged(
      SparkSession spark,
      FileSystem fs,
      Dataset<Row> annotated,
      String format,
      Path staged,
      LongConsumer progress)
      throws IOException {
    Runnable removeStaged = () -> deleteQuietly(fs, staged);
    // A job stopped by Ctrl-C or SIGTERM leaves no half-written folder: after Spark's own hooks
    // have stopped the
    // tasks (priority 40), before Hadoop closes its file systems (10).
    ShutdownHookManager.get().addShutdownHook(removeStaged, 20);
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskInfo().successful() && end.taskMetrics() != null) {
              progress.accept(end.taskMetrics().outputMetrics().recordsWritten());
            }
          }
        };
    spark.sparkContext().addSparkListener(listener);
    try {
      write(annotated, format, staged.toString());
    } catch (RuntimeException e) {
      fs.delete(staged, true);
      throw e;
    } finally {
      spark.sparkContext().removeSparkListener(listener);
      if (!ShutdownHookManager.get().isShutdownInProgress()) {
        ShutdownHookManager.get().removeShutdownHook(removeStaged);
      }
    }
  }

  /**
   * The exact count of rows written, read back cheaply (listener events may still be on their way).
   */
  private static long count(SparkSession spark, String format, Path output) {
    return format.equals("parquet")
        ? spark.read().parquet(output.toString()).count()
        : format.equals("jsonl")
            ? spark.read().text(output.toString()).count()
            : spark
                .read()
                .option("header", "true")
                .option("sep", "\t")
                .csv(output.toString())
                .count();
  }

  private static void deleteQuietly(FileSystem fs, Path path) {
    try {
      fs.delete(path, true);
    } catch (IOException | RuntimeException e) {
      // the JVM is going down; nothing more to do
    }
  }

  private static SparkSession startSession(Map<String, String> options) {
    SparkSession.Builder builder = SparkSession.builder();
    if (options.containsKey("master")) {
      builder = builder.master(options.get("master"));
    }
    return builder
        .appName("mtc annotate")
        .config("spark.ui.enabled", "false")
        // Small corpora still split into several partitions per core (Spark's 4 MB open cost would
        // keep a 3 MB
        // file in one partition, on one core).
        .config("spark.sql.files.openCostInBytes", "65536")
        .getOrCreate();
  }

  /**
   * What can be checked before Spark starts (15-35 s and its logging): that the output may be
   * written, and that the model is a model (without loading it; the driver opens it later). A file
   * system Hadoop cannot reach without Spark's settings is left to the check in the session.
   */
  static void checkBeforeSpark(Path output, boolean overwrite, String model) {
    FileSystem fs;
    try {
      fs = output.getFileSystem(new Configuration());
    } catch (IOException | RuntimeException e) {
      fs = null;
    }
    if (fs != null) {
      refuseExisting(fs, output, overwrite);
    }
    if (model != null && !model.contains("://")) {
      Mtc.check(java.nio.file.Path.of(model));
    }
  }

  private static void refuseExisting(FileSystem fs, Path output, boolean overwrite) {
    boolean exists;
    try {
      exists = fs.exists(output);
    } catch (IOException e) {
      throw new MtcException("cannot check the output " + output + ": " + e.getMessage(), e);
    }
    if (exists && !overwrite) {
      throw new MtcException(
          "output "
              + output
              + " exists; pass --overwrite to replace it, or choose another --output");
    }
  }

  /**
   * A TSV file (header row, tabs, RFC 4180 quotes, empty cells kept as "") or JSON lines, by the
   * name.
   */
  static Dataset<Row> read(SparkSession spark, String input) {
    String name = input.toLowerCase(Locale.ROOT);
    DataFrameReader reader = spark.read();
    if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
      return reader.json(input);
    }
    return reader
        .option("header", "true")
        .option("sep", "\t")
        .option("quote", "\"")
        .option("escape", "\"")
        .option("nullValue", "\u0000")
        .option("emptyValue", "")
        .csv(input);
  }

  /**
   * Writes Parquet, JSON lines, or TSV with each task as its label(s) and {@code <task>.probs} as
   * JSON.
   */
  static void write(Dataset<Row> annotated, String format, String path) {
    switch (format) {
      case "parquet" -> annotated.write().parquet(path);
      case "jsonl" -> annotated.write().json(path);
      case "tsv" -> {
        List<Column> flat = new ArrayList<>();
        for (var field : annotated.schema().fields()) {
          String name = field.name();
          if (field.dataType() instanceof StructType struct
              && List.of(struct.fieldNames()).contains("probs")) {
            Column labels =
                List.of(struct.fieldNames()).contains("label")
                    ? functions.col(name + ".label")
                    : functions.concat_ws("|", functions.col(name + ".labels"));
            flat.add(labels.as(name));
            flat.add(functions.to_json(functions.col(name + ".probs")).as(name + ".probs"));
          } else {
            flat.add(functions.col("`" + name + "`"));
          }
        }
        annotated
            .select(flat.toArray(Column[]::new))
            .write()
            .option("header", "true")
            .option("sep", "\t")
            .option("quote", "\"")
            .option("escape", "\"")
            .csv(path);
      }
      default ->
          throw new MtcException("unknown format '" + format + "'; choose parquet, jsonl or tsv");
    }
  }
}
