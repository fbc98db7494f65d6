package org.mtc.library;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.TaskKind;
import org.mtc.onnx.ExportedModel;

/** An exported {@code .onnx} graph served on ONNX Runtime, answering as {@link TrainedClassifier} does. */
final class ExportedClassifier implements Classifier {
  private final ExportedModel model;
  private final Map<String, TaskKind> kinds = new LinkedHashMap<>();
  private final Map<String, float[]> thresholds = new LinkedHashMap<>();

  ExportedClassifier(ExportedModel model) {
    this.model = model;
    for (String task : model.labels().keySet()) {
      kinds.put(task, model.kind(task));
      thresholds.put(task, model.thresholds(task));
    }
  }

  @Override
  public Map<String, List<String>> labels() {
    return model.labels();
  }

  @Override
  public List<Prediction> predict(List<Input> inputs) {
    List<List<String>> split = Decisions.split(inputs);
    Map<String, float[][]> probs = model.probabilities(split.get(0), split.get(1));
    List<Prediction> out = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      Map<String, TaskPrediction> tasks = new LinkedHashMap<>();
      for (var e : model.labels().entrySet()) {
        String task = e.getKey();
        tasks.put(task, Decisions.of(task, kinds.get(task), e.getValue(), thresholds.get(task),
            probs.get(task)[i]));
      }
      out.add(new Prediction(inputs.get(i), tasks));
    }
    return out;
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
