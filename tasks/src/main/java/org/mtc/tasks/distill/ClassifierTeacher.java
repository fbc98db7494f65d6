package org.mtc.tasks.distill;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.mtc.core.Input;
import org.mtc.core.task.TaskSpec;
import org.mtc.tasks.model.FileDigest;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.model.TasksConf;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.TaskPrediction;

/**
 * A teacher that is a trained model directory or an exported {@code .onnx}, opened as a {@link
 * Classifier} by the caller's opener on first use. A directory's tasks and labels are read from its
 * {@code tasks.conf} without loading the model. Not thread-safe; owns the classifier it opens.
 */
public final class ClassifierTeacher implements Teacher {
  private final Path location;
  private final String openedWith;
  private final Function<Path, Classifier> opener;
  private Classifier classifier;
  private String fingerprint;

  /**
   * @param location a trained model directory ({@code train --out} or its {@code model/}) or a
   *     {@code .onnx}
   * @param openedWith what the opener's predictions depend on besides the files (engine, maximum
   *     length), recorded in the {@link #fingerprint}
   * @param opener opens {@code location} for prediction
   */
  public ClassifierTeacher(Path location, String openedWith, Function<Path, Classifier> opener) {
    this.location = location;
    this.openedWith = openedWith;
    this.opener = opener;
  }

  @Override
  public String location() {
    return location.toString();
  }

  @Override
  public String fingerprint() {
    if (fingerprint == null) {
      Path files = Files.isDirectory(location) ? MultitaskModel.directoryOf(location) : location;
      fingerprint = "sha256:" + FileDigest.of(files) + " " + openedWith;
    }
    return fingerprint;
  }

  @Override
  public Map<String, List<String>> labels() {
    if (!Files.isDirectory(location)) {
      return open().labels();
    }
    Path conf = MultitaskModel.directoryOf(location).resolve(TasksConf.FILE);
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (TaskSpec t : TasksConf.read(conf).tasks().tasks()) {
      out.put(t.name(), t.labels());
    }
    return out;
  }

  @Override
  public float[][] probabilities(String task, List<Input> inputs) {
    List<TaskPrediction> answers = open().predict(task, inputs);
    float[][] rows = new float[answers.size()][];
    for (int i = 0; i < rows.length; i++) {
      Map<String, Float> p = answers.get(i).probabilities(); // in label order
      rows[i] = new float[p.size()];
      int j = 0;
      for (float v : p.values()) {
        rows[i][j++] = v;
      }
    }
    return rows;
  }

  private Classifier open() {
    if (classifier == null) {
      classifier = opener.apply(location);
    }
    return classifier;
  }

  @Override
  public void close() {
    if (classifier != null) {
      classifier.close();
      classifier = null;
    }
  }
}
