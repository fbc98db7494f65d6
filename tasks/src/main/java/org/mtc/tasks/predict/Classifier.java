package org.mtc.tasks.predict;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.mtc.core.Input;
import org.mtc.core.task.TaskSet;

/**
 * A trained multitask model opened for prediction (by {@code org.mtc.library.Mtc.open}): a model
 * directory on any engine, or an exported {@code .onnx} graph. {@code predict} is thread-safe (any
 * number of threads may share one classifier); {@link #close} must not race with it. Owns its
 * engine resources.
 */
public interface Classifier extends AutoCloseable {
  /** Task name → labels, in output order. */
  Map<String, List<String>> labels();

  /**
   * The tasks as the model was trained on them (its {@code tasks.conf}), in output order: each
   * one's kind, labels, whether it reads a dialog context, and the data format it was trained on
   * (file names, columns), which {@code mtc eval} reads labelled files with.
   */
  TaskSet tasks();

  /** The engine that runs the encoder ({@code djl}, {@code onnx}, {@code tf}). */
  String engine();

  /** Every task's answer for each input, in order; batched internally. */
  List<Prediction> predict(List<Input> inputs);

  /**
   * One task's answer for each input, in order; batched internally. Each input is read as the task
   * reads it: with its context when the task has a context column, else the text alone.
   * Implementations encode only what the task needs; the answers equal {@code
   * predict(inputs).get(i).task(task)}.
   *
   * @throws org.mtc.core.MtcException when the model has no task {@code task}
   */
  default List<TaskPrediction> predict(String task, List<Input> inputs) {
    Decisions.checked(task, inputs);
    return predict(inputs).stream().map(p -> p.task(task)).toList();
  }

  /** Every task's answer for one text without context. */
  default Prediction predict(String text) {
    return predict(List.of(Input.of(text))).get(0);
  }

  /** Every task's answer for one input. */
  default Prediction predict(Input input) {
    return predict(Collections.singletonList(input)).get(0); // List.of would throw its own NPE
  }

  @Override
  void close();
}
