package org.mtc.heads;

import java.util.Arrays;
import java.util.Map;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.core.TaskKind;
import org.mtc.core.io.FloatTensor;

/**
 * The checks a head runs on tensors and thresholds before it loads them, with messages naming the
 * cause. Stateless.
 */
final class HeadTensors {
  private HeadTensors() {}

  /**
   * Checks that {@code state} has {@code key} with {@code shape}.
   *
   * @param labels the head's labels ({@code labels.task()} qualifies the tensor's name)
   * @param inputSize the head's input size
   * @throws MtcException naming the task-qualified tensor, its shape, the expected one and the
   *     likely cause
   */
  static void require(
      LabelSpace labels, int inputSize, Map<String, FloatTensor> state, String key, long... shape) {
    String name = labels.task() + "." + key;
    FloatTensor t = state.get(key);
    if (t == null) {
      throw new MtcException(
          "tensor '"
              + name
              + "' is missing (expected shape "
              + Arrays.toString(shape)
              + "); the file was not saved for this task set or is damaged: restore the model directory or retrain");
    }
    if (t.hasShape(shape)) {
      return;
    }
    String prefix = "tensor '" + name + "' has shape " + t.shapeString();
    long[] actual = t.shape();
    boolean labelDim = key.startsWith("classifier") || key.equals(DenseHead.THRESHOLDS);
    if (actual.length == shape.length && labelDim && actual[0] != shape[0]) {
      throw new MtcException(
          prefix
              + " but task '"
              + labels.task()
              + "' has "
              + labels.size()
              + " labels in tasks.conf; the label list changed since training: restore the saved tasks.conf or "
              + "retrain");
    }
    if (actual.length == shape.length && actual[actual.length - 1] != shape[shape.length - 1]) {
      throw new MtcException(
          prefix
              + " but the backbone's pooled output has "
              + inputSize
              + " values "
              + "(expected "
              + Arrays.toString(shape)
              + "); the heads were trained on a backbone with another "
              + "hidden size: load them with that backbone");
    }
    throw new MtcException(prefix + " but " + Arrays.toString(shape) + " was expected");
  }

  /**
   * Checks thresholds for a head of {@code kind}: one value in [0, 1] per label, or none when the
   * kind decides without thresholds.
   *
   * @param where what gave them, which starts the message
   */
  static void checkThresholds(TaskKind kind, LabelSpace labels, float[] values, String where) {
    String task = labels.task();
    if (!kind.decidesByThresholds()) {
      if (values.length != 0) {
        throw new MtcException(
            "task '"
                + task
                + "' is "
                + kind.configName()
                + " and decides without "
                + "thresholds; it takes none (got "
                + values.length
                + ")");
      }
      return;
    }
    if (values.length != labels.size()) {
      throw new MtcException(
          where
              + ": task '"
              + task
              + "' has "
              + labels.size()
              + " labels but "
              + values.length
              + " thresholds were given");
    }
    for (int j = 0; j < values.length; j++) {
      if (!(values[j] >= 0 && values[j] <= 1)) {
        throw new MtcException(
            where
                + ": threshold "
                + values[j]
                + " of label '"
                + labels.label(j)
                + "' of task '"
                + task
                + "' is outside [0, 1]");
      }
    }
  }
}
