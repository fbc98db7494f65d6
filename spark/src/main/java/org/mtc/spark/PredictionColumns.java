package org.mtc.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mtc.core.MtcException;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.Prediction;
import org.mtc.tasks.predict.TaskPrediction;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The columns annotation adds, in the model's task order, then {@code error}: per task a struct
 * {@code <label: string, probs: map<string, float>>} (kinds with exactly one label per text:
 * single-label) or {@code <labels: array<string>, probs: map<string, float>>} (multi-label), null
 * for a row without text; {@code error} says why a row has no predictions (null otherwise).
 * Immutable and serializable.
 */
final class PredictionColumns implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String ERROR = "error";
  private final List<String> tasks;
  private final List<Boolean> singleLabel;

  private PredictionColumns(List<String> tasks, List<Boolean> singleLabel) {
    this.tasks = tasks;
    this.singleLabel = singleLabel;
  }

  static PredictionColumns of(Classifier model) {
    List<String> tasks = new ArrayList<>();
    List<Boolean> single = new ArrayList<>();
    model
        .tasks()
        .tasks()
        .forEach(
            t -> {
              tasks.add(t.name());
              single.add(t.kind().exactlyOneLabel());
            });
    return new PredictionColumns(List.copyOf(tasks), List.copyOf(single));
  }

  List<String> tasks() {
    return tasks;
  }

  /**
   * {@code input} with the task columns and {@code error} appended.
   *
   * @throws MtcException when {@code input} already has a column of that name
   */
  StructType appendTo(StructType input) {
    StructType out = input;
    List<String> added = new ArrayList<>(tasks);
    added.add(ERROR);
    for (String name : added) {
      if (List.of(input.fieldNames()).contains(name)) {
        throw new MtcException(
            "the input has a column '"
                + name
                + "', which annotation adds ("
                + (name.equals(ERROR) ? "the error of rows without text" : "the model's task")
                + "); rename it first");
      }
    }
    for (int i = 0; i < tasks.size(); i++) {
      StructField labels =
          singleLabel.get(i)
              ? DataTypes.createStructField("label", DataTypes.StringType, false)
              : DataTypes.createStructField(
                  "labels", DataTypes.createArrayType(DataTypes.StringType, false), false);
      StructField probs =
          DataTypes.createStructField(
              "probs",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.FloatType, false),
              false);
      out =
          out.add(
              tasks.get(i), DataTypes.createStructType(new StructField[] {labels, probs}), true);
    }
    return out.add(ERROR, DataTypes.StringType, true);
  }

  /** {@code row}'s values followed by the prediction's columns, or nulls and {@code error}. */
  Row append(Row row, Prediction prediction, String error) {
    Object[] values = new Object[row.length() + tasks.size() + 1];
    for (int i = 0; i < row.length(); i++) {
      values[i] = row.get(i);
    }
    for (int i = 0; i < tasks.size() && prediction != null; i++) {
      TaskPrediction answer = prediction.task(tasks.get(i));
      Map<String, Float> probs = new LinkedHashMap<>(answer.probabilities());
      Object labels =
          singleLabel.get(i)
              ? answer.label()
              : CollectionConverters.asScala(answer.labels()).toSeq();
      values[row.length() + i] = RowFactory.create(labels, CollectionConverters.asScala(probs));
    }
    values[values.length - 1] = error;
    return RowFactory.create(values);
  }
}
