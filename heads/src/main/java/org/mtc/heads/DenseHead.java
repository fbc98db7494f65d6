package org.mtc.heads;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.mtc.core.AdamWPolicy;
import org.mtc.core.AdamWSettings;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.core.StepOutcome;
import org.mtc.core.TaskHead;
import org.mtc.core.TaskKind;
import org.mtc.core.io.FloatTensor;

/**
 * The head of every kind: pooled {@code [batch, in]} → optional pooler (dense {@code [in, in]} +
 * tanh, as BERT's and DeepPavlov's) → dropout (training only) → classifier (dense {@code [in,
 * labels]}) → logits {@code [batch, labels]} → the kind's {@link TaskKind#activation() activation};
 * training uses the kind's {@link TaskKind#lossAndGradient loss} and {@link TaskKind#checkTarget
 * target rows}. A head whose kind {@link TaskKind#decidesByThresholds() decides by thresholds}
 * keeps them ({@value #THRESHOLDS} {@code [labels]}, 0.5 until tuned) and saves them with its
 * parameters.
 *
 * <p>Owns its parameters, gradients and AdamW moments. {@link #probabilities} allocates all its
 * intermediates and only reads parameters, so any number of threads may call it while nobody trains
 * or loads; every other method is single-threaded.
 */
public final class DenseHead implements TaskHead {
  static final String POOLER_WEIGHT = "pooler.weight";
  static final String POOLER_BIAS = "pooler.bias";
  static final String CLASSIFIER_WEIGHT = "classifier.weight";
  static final String CLASSIFIER_BIAS = "classifier.bias";
  static final String THRESHOLDS = "thresholds";

  private final TaskKind kind;
  private final LabelSpace labels;
  private final int inputSize;
  private final double dropout;
  private final double initStd;

  /**
   * The pooler layer, or null when this head has none (decided by settings, or by the file it
   * loads).
   */
  private Linear pooler;

  private final Linear classifier;

  /** Per-label decision thresholds {@code [labels]}; empty when the kind decides without them. */
  private float[] thresholds;

  private long steps;
  private boolean gradientsPending;

  /**
   * A new head with weights normal(0, {@code settings.initStd()}), zero biases and, when its kind
   * decides by thresholds, thresholds 0.5.
   *
   * @param labels the task's labels, in output order; {@code labels.task()} names the head
   * @param inputSize the backbone's pooled size (its hidden size)
   * @param seed seeds the initialisation (mixed with the task name)
   */
  public DenseHead(
      TaskKind kind, LabelSpace labels, int inputSize, HeadSettings settings, long seed) {
    if (inputSize <= 0) {
      throw new MtcException(
          "task '" + labels.task() + "': head input size must be positive, got " + inputSize);
    }
    this.kind = kind;
    this.labels = labels;
    this.inputSize = inputSize;
    this.dropout = settings.dropout();
    this.initStd = settings.initStd();
    // the task name joins the seed so that heads of one model start differently yet repeatably
    SplittableRandom rng =
        new SplittableRandom(seed * 0x9E3779B97F4A7C15L + labels.task().hashCode());
    this.pooler = settings.pooler() ? new Linear(inputSize, inputSize, initStd, rng) : null;
    this.classifier = new Linear(inputSize, labels.size(), initStd, rng);
    this.thresholds = new float[kind.decidesByThresholds() ? labels.size() : 0];
    Arrays.fill(thresholds, ThresholdTuning.DEFAULT_THRESHOLD);
  }

  @Override
  public TaskKind kind() {
    return kind;
  }

  @Override
  public String task() {
    return labels.task();
  }

  @Override
  public LabelSpace labels() {
    return labels;
  }

  @Override
  public int inputSize() {
    return inputSize;
  }

  /**
   * Moves the output biases {@code [labels]} to the kind's {@link TaskKind#priorBiases prior
   * biases} for these label counts (multi-label: the log-odds of each label's smoothed frequency),
   * so that a new head starts at the label priors; a kind without prior biases keeps its biases.
   * Call before training; weights, thresholds and optimizer state are left as they are.
   *
   * @param positives training examples that carry each label, {@code [labels]}
   * @param examples training examples in all, {@code > 0}
   * @throws MtcException when the counts do not fit the label space
   */
  public void startFromLabelPriors(long[] positives, long examples) {
    if (positives.length != labels.size() || examples <= 0) {
      throw new MtcException(
          "task '"
              + task()
              + "': label priors need "
              + labels.size()
              + " positive counts "
              + "and a positive number of examples, got "
              + positives.length
              + " counts of "
              + examples
              + " examples");
    }
    for (int j = 0; j < positives.length; j++) {
      if (positives[j] < 0 || positives[j] > examples) {
        throw new MtcException(
            "task '"
                + task()
                + "': label '"
                + labels.label(j)
                + "' has "
                + positives[j]
                + " positives among "
                + examples
                + " examples");
      }
    }
    float[] bias = kind.priorBiases(positives, examples);
    if (bias.length > 0) {
      classifier.setBias(bias);
    }
  }

  /** Whether this head has the dense + tanh pooler before its classifier. */
  public boolean hasPooler() {
    return pooler != null;
  }

  @Override
  public float[][] probabilities(float[][] pooled) {
    checkInput(pooled);
    float[][] hidden = pooler == null ? pooled : Rows.tanh(pooler.forward(pooled));
    float[][] out = classifier.forward(hidden);
    for (float[] row : out) {
      kind.activation().apply(row);
    }
    return out;
  }

  @Override
  public HeadLoss forwardBackward(float[][] pooled, float[][] targets, long seed) {
    checkInput(pooled);
    int n = pooled.length;
    if (targets.length != n) {
      throw new MtcException(
          "task '" + task() + "': " + targets.length + " target rows for a batch of " + n);
    }
    for (int b = 0; b < n; b++) {
      if (targets[b].length != labels.size()) {
        throw new MtcException(
            "task '"
                + task()
                + "': target row "
                + b
                + " has "
                + targets[b].length
                + " values but the task has "
                + labels.size()
                + " labels");
      }
      kind.checkTarget(task(), targets[b], b);
    }
    float[][] hidden = pooler == null ? pooled : Rows.tanh(pooler.forward(pooled));
    float[][] mask = dropout > 0 ? Rows.dropoutMask(n, inputSize, dropout, seed) : new float[0][];
    float[][] dropped = dropout > 0 ? Rows.multiply(hidden, mask) : hidden;
    float[][] logits = classifier.forward(dropped);
    float[][] dLogits = new float[n][labels.size()];
    double loss = 0;
    for (int b = 0; b < n; b++) {
      loss += kind.lossAndGradient(logits[b], targets[b], dLogits[b], n);
    }
    loss /= n;
    float[][] grad = classifier.backward(dropped, dLogits, true);
    if (dropout > 0) {
      Rows.multiplyInPlace(grad, mask);
    }
    if (pooler != null) {
      for (int b = 0; b < n; b++) {
        float[] g = grad[b];
        float[] h = hidden[b];
        for (int i = 0; i < inputSize; i++) {
          g[i] *= 1 - h[i] * h[i];
        }
      }
      grad = pooler.backward(pooled, grad, true);
    }
    gradientsPending = true;
    return new HeadLoss(loss, grad, logits);
  }

  /**
   * Does nothing when no {@link #forwardBackward} ran since the last step (as PyTorch skips params
   * without grad). A skipped step (non-finite gradient norm) does not count towards the bias
   * correction.
   */
  @Override
  public StepOutcome step(AdamWSettings settings, double learningRate) {
    if (!gradientsPending) {
      return StepOutcome.NOTHING;
    }
    gradientsPending = false;
    StepOutcome outcome =
        AdamW.step(
            params(), new AdamWPolicy(settings), learningRate, steps + 1, "head '" + task() + "'");
    if (!outcome.skipped()) {
      steps++;
    }
    return outcome;
  }

  List<Param> params() {
    List<Param> all = new ArrayList<>();
    if (pooler != null) {
      all.addAll(pooler.params());
    }
    all.addAll(classifier.params());
    return all;
  }

  @Override
  public Map<String, FloatTensor> state() {
    Map<String, FloatTensor> state = new LinkedHashMap<>();
    if (pooler != null) {
      state.put(POOLER_WEIGHT, pooler.weight());
      state.put(POOLER_BIAS, pooler.bias());
    }
    state.put(CLASSIFIER_WEIGHT, classifier.weight());
    state.put(CLASSIFIER_BIAS, classifier.bias());
    if (kind.decidesByThresholds()) {
      state.put(THRESHOLDS, FloatTensor.of(thresholds));
    }
    return state;
  }

  /**
   * A copy of the per-label thresholds {@code [labels]}; empty when the kind decides without them.
   */
  @Override
  public float[] thresholds() {
    return thresholds.clone();
  }

  /**
   * Replaces the thresholds: one value in [0, 1] per label, or none when the kind decides without
   * them.
   */
  @Override
  public void setThresholds(float[] values) {
    HeadTensors.checkThresholds(kind, labels, values, "setThresholds");
    this.thresholds = values.clone();
  }

  /**
   * Loads parameters; the head gets a pooler exactly when {@code state} has {@code pooler.*}
   * tensors. Checks everything before changing anything; clears gradients and AdamW moments.
   */
  @Override
  public void load(Map<String, FloatTensor> state) {
    boolean withPooler = state.containsKey(POOLER_WEIGHT) || state.containsKey(POOLER_BIAS);
    if (withPooler) {
      HeadTensors.require(labels, inputSize, state, POOLER_WEIGHT, inputSize, inputSize);
      HeadTensors.require(labels, inputSize, state, POOLER_BIAS, inputSize);
    }
    HeadTensors.require(labels, inputSize, state, CLASSIFIER_WEIGHT, labels.size(), inputSize);
    HeadTensors.require(labels, inputSize, state, CLASSIFIER_BIAS, labels.size());
    if (kind.decidesByThresholds()) {
      HeadTensors.require(labels, inputSize, state, THRESHOLDS, labels.size());
      HeadTensors.checkThresholds(
          kind, labels, state.get(THRESHOLDS).data(), "tensor '" + task() + "." + THRESHOLDS + "'");
    }
    if (withPooler) {
      if (pooler == null) {
        pooler = new Linear(inputSize, inputSize, initStd, new SplittableRandom(0));
      }
      pooler.set(state.get(POOLER_WEIGHT), state.get(POOLER_BIAS));
    } else {
      pooler = null;
    }
    classifier.set(state.get(CLASSIFIER_WEIGHT), state.get(CLASSIFIER_BIAS));
    if (kind.decidesByThresholds()) {
      thresholds = state.get(THRESHOLDS).data().clone();
    }
    steps = 0;
    gradientsPending = false;
  }

  /**
   * AdamW moments of each parameter ({@code p<i>.m}, {@code p<i>.v}, in {@link #params()} order)
   * and the step count.
   */
  @Override
  public Map<String, FloatTensor> optimizerState() {
    return AdamW.state(params(), steps);
  }

  @Override
  public void loadOptimizerState(Map<String, FloatTensor> state) {
    steps = AdamW.loadState(params(), state, "task '" + task() + "'");
  }

  private void checkInput(float[][] pooled) {
    if (pooled.length == 0) {
      throw new MtcException("task '" + task() + "': empty batch");
    }
    for (int b = 0; b < pooled.length; b++) {
      if (pooled[b].length != inputSize) {
        throw new MtcException(
            "task '"
                + task()
                + "': pooled row "
                + b
                + " has "
                + pooled[b].length
                + " values but the head expects "
                + inputSize
                + " (the backbone's hidden size)");
      }
    }
  }
}
