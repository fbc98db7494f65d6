package org.mtc.tasks.predict;

import java.util.List;
import java.util.Map;

/**
 * A trained multitask model opened for prediction (by {@code org.mtc.library.Mtc.open}): a model directory on any
 * engine, or an exported {@code .onnx} graph. {@code predict} is thread-safe (any number of threads may share one classifier);
 * {@link #close} must not race with it. Owns its engine resources.
 */
public interface Classifier extends AutoCloseable {
  /** Task name → labels, in output order. */
  Map<String, List<String>> labels();

  /** Every task's answer for each input, in order; batched internally. */
  List<Prediction> predict(List<Input> inputs);

  /** Every task's answer for one text without context. */
  default Prediction predict(String text) {
    return predict(List.of(Input.of(text))).get(0);
  }

  /** Every task's answer for one input. */
  default Prediction predict(Input input) {
    return predict(List.of(input)).get(0);
  }

  @Override
  void close();
}
