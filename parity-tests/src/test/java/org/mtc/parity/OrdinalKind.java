package org.mtc.parity;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.core.OutputActivation;
import org.mtc.core.TaskKind;

/**
 * A test-only third task kind, {@code kind = ordinal}: grades in order (the task declares its
 * labels from lowest to highest, e.g. {@code labels = [low, mid, high]}), one per text, read from
 * the column {@code grade}. It is the proof that a kind is one class plus its line in {@code
 * META-INF/services/org.mtc.core.TaskKind} ({@code docs/extending.md}); {@link OrdinalKindTest}
 * trains, predicts, evaluates and exports it.
 *
 * <p>Cumulative least squares: output {@code j} is a score for "the grade is at least label {@code
 * j}", trained towards 1 for {@code j <= gold} and 0 above (target row {@code [1, 1, 0]} for {@code
 * mid}); the outputs are the logits themselves ({@link OutputActivation#IDENTITY}); the loss is
 * half the squared error, summed over labels and averaged over the batch; the decided grade is the
 * number of outputs {@code j >= 1} that reach 0.5. Besides accuracy and macro-F1 the kind reports
 * {@code mae}, the mean absolute error in grades. Stateless.
 */
public final class OrdinalKind implements TaskKind {
  @Override
  public String configName() {
    return "ordinal";
  }

  @Override
  public String defaultLabelColumn() {
    return "grade";
  }

  @Override
  public boolean exactlyOneLabel() {
    return true;
  }

  /** 1 for every grade up to the gold one, 0 above it. */
  @Override
  public float[] target(int[] labels, int labelCount) {
    float[] row = new float[labelCount];
    Arrays.fill(row, 0, labels[0] + 1, 1f);
    return row;
  }

  @Override
  public void checkTarget(String task, float[] target, int row) {
    boolean ones = true;
    for (int j = 0; j < target.length; j++) {
      boolean valid = target[j] == 1f && ones || target[j] == 0f && j > 0;
      if (!valid) {
        throw new MtcException(
            "task '"
                + task
                + "': target row "
                + row
                + " is "
                + Arrays.toString(target)
                + "; ordinal targets are 1 up to the gold grade and 0 above it, such as [1, 1, 0]");
      }
      ones = target[j] == 1f;
    }
  }

  @Override
  public OutputActivation activation() {
    return OutputActivation.IDENTITY;
  }

  @Override
  public double lossAndGradient(float[] logits, float[] target, float[] gradient, int batch) {
    double loss = 0;
    for (int j = 0; j < logits.length; j++) {
      float error = logits[j] - target[j];
      loss += 0.5 * error * error;
      gradient[j] = error / batch;
    }
    return loss;
  }

  @Override
  public boolean decidesByThresholds() {
    return false;
  }

  /** The grade: how many of the outputs above the lowest grade reach 0.5. */
  @Override
  public int[] decide(float[] outputs, float[] thresholds) {
    int grade = 0;
    for (int j = 1; j < outputs.length; j++) {
      grade += outputs[j] >= 0.5f ? 1 : 0;
    }
    return new int[] {grade};
  }

  @Override
  public boolean macroF1OverAllLabels() {
    return false;
  }

  @Override
  public List<String> scoreNames() {
    return List.of("accuracy", "macro_f1", "mae");
  }

  /** {@code mae}: the mean absolute difference between the gold and the decided grade. */
  @Override
  public Map<String, Double> extraScores(int[][] gold, int[][] decided, int labelCount) {
    double sum = 0;
    for (int i = 0; i < gold.length; i++) {
      sum += Math.abs(gold[i][0] - decided[i][0]);
    }
    return Map.of("mae", sum / gold.length);
  }

  @Override
  public String toString() {
    return configName();
  }
}
