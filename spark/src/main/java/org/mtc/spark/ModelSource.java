package org.mtc.spark;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.SparkSession;
import org.mtc.core.MtcException;

/**
 * Where executors find the model: a path every node can read (a shared or replicated file system),
 * or a copy that Spark ships to each node with {@code SparkContext.addFile} and that an executor
 * finds with {@link SparkFiles#get}. The weights are never broadcast: each executor reads them from
 * disk, once ({@link ExecutorModels}). Immutable and serializable (a path and a flag travel with
 * the tasks).
 */
public final class ModelSource implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String path;
  private final boolean shipped;

  private ModelSource(String path, boolean shipped) {
    this.path = path;
    this.shipped = shipped;
  }

  /**
   * A model directory or {@code .onnx} file at {@code path} on every node (the driver's included).
   */
  public static ModelSource shared(String path) {
    return new ModelSource(path, false);
  }

  /**
   * Ships the model at {@code local} (a model directory or {@code .onnx} file on the driver) to
   * every executor with {@code SparkContext.addFile} (recursively for a directory).
   *
   * @throws MtcException when {@code local} does not exist
   */
  public static ModelSource ship(SparkSession spark, Path local) {
    Path absolute = local.toAbsolutePath().normalize();
    if (!Files.exists(absolute)) {
      throw new MtcException(
          "model " + local + " does not exist; give a trained model directory or a .onnx file");
    }
    spark.sparkContext().addFile(absolute.toUri().toString(), Files.isDirectory(absolute));
    return new ModelSource(absolute.getFileName().toString(), true);
  }

  /**
   * The path to open in this JVM: the shared path, or the local copy Spark made of a shipped model.
   */
  String resolve() {
    return shipped ? SparkFiles.get(path) : path;
  }

  @Override
  public String toString() {
    return shipped ? "shipped " + path : path;
  }
}
