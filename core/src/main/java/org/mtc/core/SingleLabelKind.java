package org.mtc.core;

import java.util.List;

/**
 * {@link TaskKind#SINGLE_LABEL}: exactly one label per text. Softmax outputs, softmax cross-entropy
 * against one-hot target rows averaged over the batch, the argmax decides; macro-F1 averages the
 * labels that occur. Stateless.
 */
final class SingleLabelKind implements TaskKind {
  SingleLabelKind() {}

  @Override
  public String configName() {
    return "single-label";
  }

  @Override
  public String defaultLabelColumn() {
    return "label";
  }

  @Override
  public boolean exactlyOneLabel() {
    return true;
  }

  @Override
  public void checkTarget(String task, float[] target, int row) {
    double sum = 0;
    for (float v : target) {
      if (!(v >= 0 && v <= 1)) {
        throw new MtcException(
            "task '"
                + task
                + "': target row "
                + row
                + " holds "
                + v
                + "; single-label targets are distributions over the labels (values in [0, 1], one-hot for a gold label)");
      }
      sum += v;
    }
    if (Math.abs(sum - 1) > 1e-4) {
      throw new MtcException(
          "task '"
              + task
              + "': target row "
              + row
              + " sums to "
              + sum
              + "; single-label targets are distributions that sum to 1 (one-hot for a gold label)");
    }
  }

  @Override
  public OutputActivation activation() {
    return OutputActivation.SOFTMAX;
  }

  /**
   * The teacher's distribution at temperature {@code t}: {@code softmax(log(p) / t)}, that is
   * {@code p^(1/t)} renormalised (as softmax of the logits divided by {@code t}). Labels the
   * teacher gives probability 0 keep 0.
   */
  @Override
  public float[] teacherTarget(float[] probabilities, double temperature) {
    float[] row = new float[probabilities.length];
    if (temperature == 1) {
      double sum = 0;
      for (float p : probabilities) {
        sum += p;
      }
      for (int j = 0; j < row.length; j++) {
        row[j] = (float) (probabilities[j] / sum);
      }
      return row;
    }
    double max = Double.NEGATIVE_INFINITY;
    double[] logits = new double[row.length];
    for (int j = 0; j < row.length; j++) {
      logits[j] = Math.log(probabilities[j]) / temperature;
      max = Math.max(max, logits[j]);
    }
    double sum = 0;
    for (int j = 0; j < row.length; j++) {
      logits[j] = Math.exp(logits[j] - max);
      sum += logits[j];
    }
    for (int j = 0; j < row.length; j++) {
      row[j] = (float) (logits[j] / sum);
    }
    return row;
  }

  @Override
  public double lossAndGradient(float[] z, float[] t, float[] g, int batch) {
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
    OutputActivation.SOFTMAX.apply(z);
    for (int j = 0; j < z.length; j++) {
      g[j] = (float) ((targetMass * z[j] - t[j]) / batch);
    }
    return loss;
  }

  @Override
  public boolean decidesByThresholds() {
    return false;
  }

  /** The most probable label (the first one on ties). */
  @Override
  public int[] decide(float[] outputs, float[] thresholds) {
    int best = 0;
    for (int j = 1; j < outputs.length; j++) {
      if (outputs[j] > outputs[best]) {
        best = j;
      }
    }
    return new int[] {best};
  }

  @Override
  public boolean macroF1OverAllLabels() {
    return false;
  }

  /** Accuracy and macro-F1; micro-F1 equals accuracy here, so it is not reported. */
  @Override
  public List<String> scoreNames() {
    return List.of("accuracy", "macro_f1");
  }

  @Override
  public String toString() {
    return configName();
  }
}
