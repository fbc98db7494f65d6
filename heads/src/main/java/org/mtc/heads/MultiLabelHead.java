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
  private static final float DEFAULT_THRESHOLD = ThresholdTuning.DEFAULT_THRESHOLD;

  private float[] thresholds;

  /**
   * A new head with weights normal(0, {@code settings.initStd()}), zero biases and thresholds 0.5; the trainer's
   * model factory then moves the biases to the label priors ({@link #startFromLabelPriors}) when
   * {@code settings.multiLabelPriorBias()}.
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
  double lossAndGradient(float[] z, float[] t, float[] g, int batch) {
    double loss = 0;
    for (int j = 0; j < z.length; j++) {
      double x = z[j];
      // log(1 + e^-|x|) + max(x, 0) - x t: stable for any x
      loss += Math.max(x, 0) - x * t[j] + Math.log1p(Math.exp(-Math.abs(x)));
      float p = (float) (1 / (1 + Math.exp(-x)));
      z[j] = p;
      g[j] = (p - t[j]) / batch;
    }
    return loss;
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

  /**
   * Sets the output biases {@code [labels]} to the log-odds of each label's frequency in the training data,
   * {@code log(p / (1 - p))} with {@code p = (positives[j] + 0.5) / (examples + 1)} (smoothed, so that a label
   * never or always seen gets a finite bias). A new head then starts at the label priors instead of 0.5 for every
   * label. Call before training; weights, thresholds and optimizer state are left as they are.
   *
   * @param positives training examples that carry each label, {@code [labels]}
   * @param examples training examples in all, {@code > 0}
   * @throws MtcException when the counts do not fit the label space
   */
  public void startFromLabelPriors(long[] positives, long examples) {
    if (positives.length != labels().size() || examples <= 0) {
      throw new MtcException("task '" + task() + "': label priors need " + labels().size() + " positive counts "
          + "and a positive number of examples, got " + positives.length + " counts of " + examples + " examples");
    }
    float[] bias = new float[positives.length];
    for (int j = 0; j < bias.length; j++) {
      if (positives[j] < 0 || positives[j] > examples) {
        throw new MtcException("task '" + task() + "': label '" + labels().label(j) + "' has " + positives[j]
            + " positives among " + examples + " examples");
      }
      double p = (positives[j] + 0.5) / (examples + 1.0);
      bias[j] = (float) Math.log(p / (1 - p));
    }
    setClassifierBias(bias);
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
   * Thresholds tuned on dev data to maximise {@code metric} ({@link ThresholdTuning}: grid {0.05, ..., 0.95},
   * ties to the value closest to 0.5).
   *
   * @param probabilities {@code [n, labels]} as returned by {@link #probabilities}
   * @param gold {@code [n][labels]}: whether each label is present
   * @return thresholds {@code [labels]} for {@link #setThresholds}
   * @throws MtcException when the rows do not all have the same number of labels
   */
  public static float[] tuneThresholds(float[][] probabilities, boolean[][] gold, MultiLabelMetric metric) {
    return ThresholdTuning.tune(probabilities, gold, metric);
  }
}
