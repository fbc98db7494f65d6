package org.mtc.library;

import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.Decisions;
import org.mtc.tasks.predict.Input;
import org.mtc.tasks.predict.Prediction;
import org.mtc.tasks.predict.TrainedClassifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mtc.onnx.ExportedModel;

/** An exported {@code .onnx} graph served on ONNX Runtime, answering as {@link TrainedClassifier} does. */
final class ExportedClassifier implements Classifier {
  private final ExportedModel model;
  private final List<Decisions.Task> tasks = new ArrayList<>();

  ExportedClassifier(ExportedModel model) {
    this.model = model;
    model.labels().forEach((task, labels) -> tasks.add(new Decisions.Task(task, model.kind(task), labels,
        model.thresholds(task))));
  }

  @Override
  public Map<String, List<String>> labels() {
    return model.labels();
  }

  @Override
  public List<Prediction> predict(List<Input> inputs) {
    List<List<String>> split = Decisions.split(inputs);
    return Decisions.predictions(inputs, model.probabilities(split.get(0), split.get(1)), tasks);
  }

  @Override
  public void close() {
    model.close();
  }

  @Override
  public String toString() {
    return "Classifier[" + model + "]";
  }
}
