package org.mtc.core;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link TaskKind#MULTI_LABEL}: any subset of the labels per text. Independent sigmoid outputs,
 * sigmoid binary cross-entropy against multi-hot target rows (all zero allowed) summed over labels
 * and averaged over the batch; label {@code j} is decided when {@code p[j] >= thresholds[j]}; new
 * heads may start at the label priors; macro-F1 averages every label. Stateless.
 */
final class MultiLabelKind implements TaskKind {
  MultiLabelKind() {}

  @Override
  public String configName() {
    return "multi-label";
  }

  @Override
  public String defaultLabelColumn() {
    return "labels";
  }

  @Override
  public boolean exactlyOneLabel() {
    return false;
  }

  @Override
  public void checkTarget(String task, float[] target, int row) {
    for (float v : target) {
      if (!(v >= 0 && v <= 1)) {
        throw new MtcException(
            "task '"
                + task
                + "': target row "
                + row
                + " holds "
                + v
                + "; multi-label targets hold one probability in [0, 1] per label (multi-hot for gold labels)");
      }
    }
  }

  @Override
  public OutputActivation activation() {
    return OutputActivation.SIGMOID;
  }

  /**
   * Each label's probability at temperature {@code t}: {@code sigmoid(logit(p) / t)}, with {@code
   * p} kept inside {@code [1e-7, 1 - 1e-7]} so that certain labels stay finite.
   */
  @Override
  public float[] teacherTarget(float[] probabilities, double temperature) {
    float[] row = new float[probabilities.length];
    for (int j = 0; j < row.length; j++) {
      if (temperature == 1) {
        row[j] = Math.min(1f, Math.max(0f, probabilities[j]));
        continue;
      }
      double p = Math.min(1 - 1e-7, Math.max(1e-7, probabilities[j]));
      row[j] = OutputActivation.sigmoid(Math.log(p / (1 - p)) / temperature);
    }
    return row;
  }

  @Override
  public double lossAndGradient(float[] z, float[] t, float[] g, int batch) {
    double loss = 0;
    for (int j = 0; j < z.length; j++) {
      double x = z[j];
      // log(1 + e^-|x|) + max(x, 0) - x t: stable for any x
      loss += Math.max(x, 0) - x * t[j] + Math.log1p(Math.exp(-Math.abs(x)));
      float p = OutputActivation.sigmoid(x);
      z[j] = p;
      g[j] = (p - t[j]) / batch;
    }
    return loss;
  }

  /**
   * The log-odds of each label's smoothed training frequency, {@code log(p / (1 - p))} with {@code
   * p = (positives[j] + 0.5) / (examples + 1)}, so that a label never or always seen gets a finite
   * bias.
   */
  @Override
  public float[] priorBiases(long[] positives, long examples) {
    float[] bias = new float[positives.length];
    for (int j = 0; j < bias.length; j++) {
      double p = (positives[j] + 0.5) / (examples + 1.0);
      bias[j] = (float) Math.log(p / (1 - p));
    }
    return bias;
  }

  @Override
  public boolean learnsAtMultiLabelRate() {
    return true;
  }

  @Override
  public boolean decidesByThresholds() {
    return true;
  }

  /** Every label whose probability reaches its threshold. */
  @Override
  public int[] decide(float[] outputs, float[] thresholds) {
    List<Integer> present = new ArrayList<>();
    for (int j = 0; j < outputs.length; j++) {
      if (outputs[j] >= thresholds[j]) {
        present.add(j);
      }
    }
    return present.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public boolean macroF1OverAllLabels() {
    return true;
  }

  /** Exact match (as accuracy), macro-F1 and micro-F1. */
  @Override
  public List<String> scoreNames() {
    return List.of("accuracy", "macro_f1", "micro_f1");
  }

  @Override
  public String toString() {
    return configName();
  }
}
