package org.mtc.spark;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.mtc.core.Input;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.Prediction;

/**
 * Annotates one partition lazily: the returned iterator pulls {@code batchSize} input rows when its
 * buffer runs dry, predicts those with text in one call on the executor's shared model, and hands
 * them out in input order, so a partition of any size holds one batch at a time. Serializable (what
 * Spark ships to executors); each call runs on one task thread.
 */
final class AnnotatePartition implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  private final SparkAnnotator annotator;
  private final PredictionColumns columns;
  private final int textIndex;
  private final int contextIndex;

  AnnotatePartition(
      SparkAnnotator annotator, PredictionColumns columns, int textIndex, int contextIndex) {
    this.annotator = annotator;
    this.columns = columns;
    this.textIndex = textIndex;
    this.contextIndex = contextIndex;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    TaskContext task = TaskContext.get();
    Classifier model = ExecutorModels.get(annotator.key(task == null ? 1 : task.cpus()));
    return new Iterator<>() {
      private final ArrayDeque<Row> ready = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        if (ready.isEmpty() && rows.hasNext()) {
          annotateNextBatch(model, rows, ready);
        }
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }
    };
  }

  private void annotateNextBatch(Classifier model, Iterator<Row> rows, ArrayDeque<Row> ready) {
    List<Row> batch = new ArrayList<>(annotator.batchSize());
    List<Input> inputs = new ArrayList<>(annotator.batchSize());
    while (batch.size() < annotator.batchSize() && rows.hasNext()) {
      Row row = rows.next();
      batch.add(row);
      String text = text(row);
      if (missingText(text) == null) {
        String context =
            contextIndex < 0 || row.isNullAt(contextIndex) ? "" : row.get(contextIndex).toString();
        inputs.add(Input.withContext(context, text));
      }
    }
    List<Prediction> predictions = inputs.isEmpty() ? List.of() : model.predict(inputs);
    int next = 0;
    for (Row row : batch) {
      String error = missingText(text(row));
      ready.add(columns.append(row, error == null ? predictions.get(next++) : null, error));
    }
  }

  private String text(Row row) {
    return row.isNullAt(textIndex) ? null : row.get(textIndex).toString();
  }

  /**
   * Why a row cannot be classified (as {@code mtc annotate} in-process says it), or null when it
   * can.
   */
  static String missingText(String text) {
    // One message for null and blank: Spark's CSV reader turns an empty cell into null, and both
    // paths must agree.
    return text == null || text.isBlank() ? "no text" : null;
  }
}
