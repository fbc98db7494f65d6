package org.mtc.heads;

import java.util.Arrays;
import java.util.Map;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.core.TaskKind;
import org.mtc.core.io.FloatTensor;

/**
 * Head of a task that assigns any subset of its labels: pooled {@code [batch, inputSize]} → (pooler) → dropout
 * → classifier → independent sigmoids {@code [batch, labels]}. The loss is sigmoid binary cross-entropy against
 * multi-hot target rows (all zero allowed), summed over labels and averaged over the batch. Label {@code j} is
 * present when {@code p[j] >= thresholds()[j]} (0.5 until tuned, see {@link #tuneThresholds}); thresholds are
 * saved with the head as {@code thresholds [labels]}.
 *
 * <p>Thread-safety as {@link org.mtc.core.TaskHead}: {@link #probabilities} from many threads while nobody trains.
 */
public final class MultiLabelHead extends DenseHead {
  static final String THRESHOLDS = "thresholds";
  private static final float DEFAULT_THRESHOLD = 0.5f;
  private static final int GRID = 20;

  private float[] thresholds;

  /**
   * A new head with weights normal(0, {@code settings.initStd()}), zero biases and thresholds 0.5.
   *
   * @param labels the task's labels, in output order; {@code labels.task()} names the head
   * @param inputSize the backbone's pooled size (its hidden size)
   * @param seed seeds the initialisation (mixed with the task name)
   */
  public MultiLabelHead(LabelSpace labels, int inputSize, HeadSettings settings, long seed) {
    super(labels, inputSize, settings, seed);
    this.thresholds = new float[labels.size()];
    Arrays.fill(thresholds, DEFAULT_THRESHOLD);
  }

  @Override
  public TaskKind kind() {
    return TaskKind.MULTI_LABEL;
  }

  @Override
  void activate(float[] z) {
    for (int j = 0; j < z.length; j++) {
      z[j] = (float) (1 / (1 + Math.exp(-z[j])));
    }
  }

  @Override
  double lossAndGradient(float[][] logits, float[][] targets, float[][] gradient) {
    int n = logits.length;
    double loss = 0;
    for (int b = 0; b < n; b++) {
      float[] z = logits[b];
      float[] t = targets[b];
      float[] g = gradient[b];
      for (int j = 0; j < z.length; j++) {
        double x = z[j];
        // log(1 + e^-|x|) + max(x, 0) - x t: stable for any x
        loss += Math.max(x, 0) - x * t[j] + Math.log1p(Math.exp(-Math.abs(x)));
        float p = (float) (1 / (1 + Math.exp(-x)));
        z[j] = p;
        g[j] = (p - t[j]) / n;
      }
    }
    return loss / n;
  }

  @Override
  void checkTarget(float[] target, int row) {
    for (float v : target) {
      if (!(v >= 0 && v <= 1)) {
        throw new MtcException("task '" + task() + "': target row " + row + " holds " + v
            + "; multi-label targets are multi-hot rows of 0 and 1");
      }
    }
  }

  /** A copy of the per-label thresholds {@code [labels]}. */
  @Override
  public float[] thresholds() {
    return thresholds.clone();
  }

  /** Replaces the thresholds; needs one value in [0, 1] per label. */
  @Override
  public void setThresholds(float[] values) {
    checkThresholds(values, "setThresholds");
    this.thresholds = values.clone();
  }

  private void checkThresholds(float[] values, String where) {
    if (values.length != labels().size()) {
      throw new MtcException(where + ": task '" + task() + "' has " + labels().size() + " labels but "
          + values.length + " thresholds were given");
    }
    for (int j = 0; j < values.length; j++) {
      if (!(values[j] >= 0 && values[j] <= 1)) {
        throw new MtcException(where + ": threshold " + values[j] + " of label '" + labels().label(j)
            + "' of task '" + task() + "' is outside [0, 1]");
      }
    }
  }

  @Override
  public Map<String, FloatTensor> state() {
    Map<String, FloatTensor> state = super.state();
    state.put(THRESHOLDS, FloatTensor.of(thresholds));
    return state;
  }

  @Override
  void checkExtraState(Map<String, FloatTensor> state) {
    require(state, THRESHOLDS, labels().size());
    checkThresholds(state.get(THRESHOLDS).data(), "tensor '" + task() + "." + THRESHOLDS + "'");
  }

  @Override
  void loadExtraState(Map<String, FloatTensor> state) {
    this.thresholds = state.get(THRESHOLDS).data().clone();
  }

  /**
   * Picks, per label, the threshold in {0.05, 0.10, ..., 0.95} that maximises that label's F1 on dev data
   * (ties go to the value closest to 0.5); a label without positives in {@code gold} keeps 0.5.
   *
   * @param probabilities {@code [n, labels]} as returned by {@link #probabilities}
   * @param gold {@code [n][labels]}: whether each label is present
   * @return thresholds {@code [labels]} for {@link #setThresholds}
   */
  public static float[] tuneThresholds(float[][] probabilities, boolean[][] gold) {
    if (probabilities.length != gold.length) {
      throw new MtcException("tuneThresholds: " + probabilities.length + " probability rows but " + gold.length
          + " gold rows");
    }
    int labels = probabilities.length == 0 ? 0 : probabilities[0].length;
    for (int r = 0; r < gold.length; r++) {
      if (probabilities[r].length != labels || gold[r].length != labels) {
        throw new MtcException("tuneThresholds: row " + r + " has " + probabilities[r].length
            + " probabilities and " + gold[r].length + " gold values; expected " + labels + " of each");
      }
    }
    float[] best = new float[labels];
    for (int j = 0; j < labels; j++) {
      best[j] = DEFAULT_THRESHOLD;
      double bestF1 = -1;
      for (int k = 1; k < GRID; k++) {
        float threshold = (float) k / GRID;
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (int r = 0; r < gold.length; r++) {
          boolean predicted = probabilities[r][j] >= threshold;
          if (predicted && gold[r][j]) {
            tp++;
          } else if (predicted) {
            fp++;
          } else if (gold[r][j]) {
            fn++;
          }
        }
        if (tp + fn == 0) {
          break; // no positives: keep the default
        }
        double f1 = 2.0 * tp / (2.0 * tp + fp + fn);
        boolean closer = Math.abs(threshold - 0.5) < Math.abs(best[j] - 0.5);
        if (f1 > bestF1 + 1e-12 || Math.abs(f1 - bestF1) <= 1e-12 && closer) {
          bestF1 = f1;
          best[j] = threshold;
        }
      }
    }
    return best;
  }
}
