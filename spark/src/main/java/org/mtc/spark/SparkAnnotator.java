package org.mtc.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.mtc.core.MtcException;

/**
 * Adds the predictions of a trained mtc model to a {@code Dataset<Row>}: one struct column per task
 * (see {@link PredictionColumns}) and {@code error}, every input column kept, one output row per
 * input row, in order within each partition. Rows run through {@code mapPartitions} in batches;
 * each executor JVM opens the model once ({@link ExecutorModels}) and every task on it shares it,
 * each task's encoder calls using {@code spark.task.cpus} threads (so an executor's cores are split
 * between its concurrent tasks, not oversubscribed). Immutable; the {@code with...} methods return
 * copies. Serializable: it travels to executors.
 *
 * <pre>{@code
 * Dataset<Row> labelled = SparkAnnotator.of(ModelSource.shared("/models/mt")).engine("onnx")
 *     .textColumn("utterance").annotate(spark.read().parquet("turns.parquet"));
 * }</pre>
 */
public final class SparkAnnotator implements Serializable {
  private static final long serialVersionUID = 1L;
  private final ModelSource model;
  private final String engine;
  private final int batchSize;
  private final String textColumn;
  private final String contextColumn;
  private final boolean contextRequired;
  private final String settings;

  private SparkAnnotator(
      ModelSource model,
      String engine,
      int batchSize,
      String textColumn,
      String contextColumn,
      boolean contextRequired,
      String settings) {
    this.model = model;
    this.engine = engine;
    this.batchSize = batchSize;
    this.textColumn = textColumn;
    this.contextColumn = contextColumn;
    this.contextRequired = contextRequired;
    this.settings = settings;
  }

  /**
   * Annotates with {@code model} on the onnx engine, batches of 32, text column {@code text},
   * context column {@code context} when present.
   */
  public static SparkAnnotator of(ModelSource model) {
    return new SparkAnnotator(model, "onnx", 32, "text", "context", false, "");
  }

  /**
   * The engine each executor runs the encoder on: onnx (default), or djl or tf with their modules
   * on the class path.
   */
  public SparkAnnotator engine(String name) {
    return new SparkAnnotator(
        model, name, batchSize, textColumn, contextColumn, contextRequired, settings);
  }

  /** Rows per encoder call (and per batch a partition holds). */
  public SparkAnnotator batchSize(int n) {
    if (n <= 0) {
      throw new MtcException("batch size must be positive, got " + n);
    }
    return new SparkAnnotator(
        model, engine, n, textColumn, contextColumn, contextRequired, settings);
  }

  /** The column holding the text to classify. */
  public SparkAnnotator textColumn(String name) {
    return new SparkAnnotator(
        model, engine, batchSize, name, contextColumn, contextRequired, settings);
  }

  /**
   * The column holding each text's dialog context, which must exist (without this: {@code context},
   * if present).
   */
  public SparkAnnotator contextColumn(String name) {
    return new SparkAnnotator(model, engine, batchSize, textColumn, name, true, settings);
  }

  /**
   * Further {@code mtc.*} settings for opening the model, HOCON (for example {@code
   * mtc.backbone.max-length = 64}).
   */
  public SparkAnnotator settings(String hocon) {
    ConfigFactory.parseString(hocon); // fails here, on the driver, rather than in every task
    return new SparkAnnotator(
        model, engine, batchSize, textColumn, contextColumn, contextRequired, hocon);
  }

  /**
   * {@code rows} with the prediction columns added. Lazy, as Spark transformations are; the driver
   * opens the model once here to learn its tasks.
   *
   * @throws MtcException naming the columns present when {@code rows} has no text column (or no
   *     required context column), or when it already has a column the annotation adds
   */
  public Dataset<Row> annotate(Dataset<Row> rows) {
    StructType schema = rows.schema();
    List<String> names = List.of(schema.fieldNames());
    int text = names.indexOf(textColumn);
    if (text < 0) {
      throw new MtcException(
          "no column '"
              + textColumn
              + "' to annotate (columns: "
              + String.join(", ", names)
              + "); name the text column with textColumn(...) or --text-column");
    }
    int context = names.indexOf(contextColumn);
    if (context < 0 && contextRequired) {
      throw new MtcException(
          "no context column '" + contextColumn + "' (columns: " + String.join(", ", names) + ")");
    }
    PredictionColumns columns = PredictionColumns.of(ExecutorModels.get(key(1)));
    StructType out = columns.appendTo(schema);
    return rows.mapPartitions(
        new AnnotatePartition(this, columns, text, context), Encoders.row(out));
  }

  int batchSize() {
    return batchSize;
  }

  /**
   * The model key of a task with {@code cpus} cores: the user's settings plus the engine's threads,
   * if unset.
   */
  ExecutorModels.Key key(int cpus) {
    Config given = ConfigFactory.parseString(settings);
    Map<String, String> threadKeys =
        Map.of(
            "onnx",
            "mtc.backbone.onnx.intra-op-threads",
            "djl",
            "mtc.backbone.djl.threads",
            "tf",
            "mtc.backbone.tf.threads");
    String threads = threadKeys.get(engine);
    if (threads != null && !given.hasPath(threads)) {
      given = given.withValue(threads, ConfigValueFactory.fromAnyRef(Math.max(1, cpus)));
    }
    return new ExecutorModels.Key(
        model.resolve(), engine, batchSize, given.root().render(ConfigRenderOptions.concise()));
  }
}
