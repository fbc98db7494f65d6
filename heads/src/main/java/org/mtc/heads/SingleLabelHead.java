package org.mtc.heads;

import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.core.TaskKind;

/**
 * Head of a task with exactly one label per text: pooled {@code [batch, inputSize]} → (pooler) → dropout →
 * classifier → softmax {@code [batch, labels]}; loss is softmax cross-entropy against one-hot target rows,
 * averaged over the batch; decisions are by argmax, so there are no thresholds.
 *
 * <p>Thread-safety as {@link org.mtc.core.TaskHead}: {@link #probabilities} from many threads while nobody trains.
 */
public final class SingleLabelHead extends DenseHead {
  /**
   * A new head with weights normal(0, {@code settings.initStd()}) and zero biases.
   *
   * @param labels the task's labels, in output order; {@code labels.task()} names the head
   * @param inputSize the backbone's pooled size (its hidden size)
   * @param seed seeds the initialisation (mixed with the task name)
   */
  public SingleLabelHead(LabelSpace labels, int inputSize, HeadSettings settings, long seed) {
    super(labels, inputSize, settings, seed);
  }

  @Override
  public TaskKind kind() {
    return TaskKind.SINGLE_LABEL;
  }

  @Override
  void activate(float[] z) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int j = 0; j < z.length; j++) {
      z[j] = (float) Math.exp(z[j] - max);
      sum += z[j];
    }
    float inv = (float) (1 / sum);
    for (int j = 0; j < z.length; j++) {
      z[j] *= inv;
    }
  }

  @Override
  double lossAndGradient(float[] z, float[] t, float[] g, int batch) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (float v : z) {
      sum += Math.exp(v - max);
    }
    double logSum = max + Math.log(sum);
    double loss = 0;
    double targetMass = 0;
    for (int j = 0; j < z.length; j++) {
      if (t[j] != 0) {
        loss -= t[j] * (z[j] - logSum);
        targetMass += t[j];
      }
    }
    activate(z);
    for (int j = 0; j < z.length; j++) {
      g[j] = (float) ((targetMass * z[j] - t[j]) / batch);
    }
    return loss;
  }

  @Override
  void checkTarget(float[] target, int row) {
    double sum = 0;
    for (float v : target) {
      if (!(v >= 0 && v <= 1)) {
        throw new MtcException("task '" + task() + "': target row " + row + " holds " + v
            + "; single-label targets are one-hot rows of 0 and 1");
      }
      sum += v;
    }
    if (Math.abs(sum - 1) > 1e-4) {
      throw new MtcException("task '" + task() + "': target row " + row + " sums to " + sum
          + "; single-label targets are one-hot rows (exactly one label per text)");
    }
  }

  /** Always empty: single-label heads decide by argmax. */
  @Override
  public float[] thresholds() {
    return new float[0];
  }

  /** Accepts only an empty array: single-label heads have no thresholds. */
  @Override
  public void setThresholds(float[] thresholds) {
    if (thresholds.length != 0) {
      throw new MtcException("task '" + task() + "' is single-label and decides by argmax; it takes no "
          + "thresholds (got " + thresholds.length + ")");
    }
  }
}
