package org.mtc.heads;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.mtc.core.AdamWPolicy;
import org.mtc.core.AdamWSettings;
import org.mtc.core.StepOutcome;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.core.TaskHead;
import org.mtc.core.io.FloatTensor;

/**
 * The stack both head kinds share: pooled {@code [batch, in]} → optional pooler (dense {@code [in, in]} + tanh,
 * as BERT's and DeepPavlov's) → dropout (training only) → classifier (dense {@code [in, labels]}) → logits
 * {@code [batch, labels]}. Subclasses add the output activation and the loss.
 *
 * <p>Owns its parameters, gradients and AdamW moments. {@link #probabilities} allocates all its intermediates
 * and only reads parameters, so any number of threads may call it while nobody trains or loads; every other
 * method is single-threaded.
 */
abstract class DenseHead implements TaskHead {
  static final String POOLER_WEIGHT = "pooler.weight";
  static final String POOLER_BIAS = "pooler.bias";
  static final String CLASSIFIER_WEIGHT = "classifier.weight";
  static final String CLASSIFIER_BIAS = "classifier.bias";

  private final LabelSpace labels;
  private final int inputSize;
  private final double dropout;
  private final double initStd;
  /** The pooler layer, or null when this head has none (decided by settings, or by the file it loads). */
  private Linear pooler;
  private final Linear classifier;
  private long steps;
  private boolean gradientsPending;

  DenseHead(LabelSpace labels, int inputSize, HeadSettings settings, long seed) {
    if (inputSize <= 0) {
      throw new MtcException("task '" + labels.task() + "': head input size must be positive, got " + inputSize);
    }
    this.labels = labels;
    this.inputSize = inputSize;
    this.dropout = settings.dropout();
    this.initStd = settings.initStd();
    // the task name joins the seed so that heads of one model start differently yet repeatably
    SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + labels.task().hashCode());
    this.pooler = settings.pooler() ? new Linear(inputSize, inputSize, initStd, rng) : null;
    this.classifier = new Linear(inputSize, labels.size(), initStd, rng);
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

  /** Sets the classifier's output biases {@code [labels]}. */
  final void setClassifierBias(float[] values) {
    classifier.setBias(values);
  }

  /** Whether this head has the dense + tanh pooler before its classifier. */
  public boolean hasPooler() {
    return pooler != null;
  }

  /** Turns one row of logits into probabilities in place. */
  abstract void activate(float[] logits);

  /**
   * One row of a batch of {@code batch} rows: turns {@code logits [labels]} into probabilities in place, writes
   * d (mean loss over the batch) / d logits into {@code gradient [labels]} and returns the row's loss.
   */
  abstract double lossAndGradient(float[] logits, float[] target, float[] gradient, int batch);

  /** Checks one target row; {@code row} is its index for messages. */
  abstract void checkTarget(float[] target, int row);

  @Override
  public float[][] probabilities(float[][] pooled) {
    checkInput(pooled);
    float[][] hidden = pooler == null ? pooled : tanh(pooler.forward(pooled));
    float[][] out = classifier.forward(hidden);
    for (float[] row : out) {
      activate(row);
    }
    return out;
  }

  @Override
  public HeadLoss forwardBackward(float[][] pooled, float[][] targets, long seed) {
    checkInput(pooled);
    int n = pooled.length;
    if (targets.length != n) {
      throw new MtcException("task '" + task() + "': " + targets.length + " target rows for a batch of " + n);
    }
    for (int b = 0; b < n; b++) {
      if (targets[b].length != labels.size()) {
        throw new MtcException("task '" + task() + "': target row " + b + " has " + targets[b].length
            + " values but the task has " + labels.size() + " labels");
      }
      checkTarget(targets[b], b);
    }
    float[][] hidden = pooler == null ? pooled : tanh(pooler.forward(pooled));
    float[][] mask = dropout > 0 ? dropoutMask(n, seed) : new float[0][];
    float[][] dropped = dropout > 0 ? multiply(hidden, mask) : hidden;
    float[][] logits = classifier.forward(dropped);
    float[][] dLogits = new float[n][labels.size()];
    double loss = 0;
    for (int b = 0; b < n; b++) {
      loss += lossAndGradient(logits[b], targets[b], dLogits[b], n);
    }
    loss /= n;
    float[][] grad = classifier.backward(dropped, dLogits, true);
    if (dropout > 0) {
      multiplyInPlace(grad, mask);
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
   * Does nothing when no {@link #forwardBackward} ran since the last step (as PyTorch skips params without grad).
   * A skipped step (non-finite gradient norm) does not count towards the bias correction.
   */
  @Override
  public StepOutcome step(AdamWSettings settings, double learningRate) {
    if (!gradientsPending) {
      return StepOutcome.NOTHING;
    }
    gradientsPending = false;
    StepOutcome outcome = AdamW.step(params(), new AdamWPolicy(settings), learningRate, steps + 1,
        "head '" + task() + "'");
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
    return state;
  }

  /**
   * Loads parameters; the head gets a pooler exactly when {@code state} has {@code pooler.*} tensors. Checks
   * everything before changing anything; clears gradients and AdamW moments.
   */
  @Override
  public void load(Map<String, FloatTensor> state) {
    boolean withPooler = state.containsKey(POOLER_WEIGHT) || state.containsKey(POOLER_BIAS);
    if (withPooler) {
      require(state, POOLER_WEIGHT, inputSize, inputSize);
      require(state, POOLER_BIAS, inputSize);
    }
    require(state, CLASSIFIER_WEIGHT, labels.size(), inputSize);
    require(state, CLASSIFIER_BIAS, labels.size());
    checkExtraState(state);
    if (withPooler) {
      if (pooler == null) {
        pooler = new Linear(inputSize, inputSize, initStd, new SplittableRandom(0));
      }
      pooler.set(state.get(POOLER_WEIGHT), state.get(POOLER_BIAS));
    } else {
      pooler = null;
    }
    classifier.set(state.get(CLASSIFIER_WEIGHT), state.get(CLASSIFIER_BIAS));
    loadExtraState(state);
    steps = 0;
    gradientsPending = false;
  }

  /** AdamW moments of each parameter ({@code p<i>.m}, {@code p<i>.v}, in {@link #params()} order) and the step count. */
  @Override
  public Map<String, FloatTensor> optimizerState() {
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    List<Param> all = params();
    for (int i = 0; i < all.size(); i++) {
      Param p = all.get(i);
      out.put("p" + i + ".m", new FloatTensor(new long[] {p.value.length}, p.m().clone()));
      out.put("p" + i + ".v", new FloatTensor(new long[] {p.value.length}, p.v().clone()));
    }
    out.put("steps", new FloatTensor(new long[] {2},
        new float[] {(float) (steps >>> 24), (float) (steps & 0xFFFFFF)}));
    return out;
  }

  @Override
  public void loadOptimizerState(Map<String, FloatTensor> state) {
    List<Param> all = params();
    for (int i = 0; i < all.size(); i++) {
      for (String moment : List.of(".m", ".v")) {
        FloatTensor t = state.get("p" + i + moment);
        if (t == null || t.data().length != all.get(i).value.length) {
          throw new MtcException("task '" + task() + "': optimizer state p" + i + moment + " is "
              + (t == null ? "missing" : "of size " + t.data().length) + ", expected " + all.get(i).value.length
              + " values; the checkpoint belongs to another head shape");
        }
      }
    }
    FloatTensor count = state.get("steps");
    if (count == null || count.data().length != 2) {
      throw new MtcException("task '" + task() + "': optimizer state has no step count");
    }
    for (int i = 0; i < all.size(); i++) {
      System.arraycopy(state.get("p" + i + ".m").data(), 0, all.get(i).m(), 0, all.get(i).value.length);
      System.arraycopy(state.get("p" + i + ".v").data(), 0, all.get(i).v(), 0, all.get(i).value.length);
    }
    steps = ((long) count.data()[0] << 24) | (long) count.data()[1];
  }

  /** Validates subclass tensors (e.g. thresholds) in {@link #load} before anything changes. */
  void checkExtraState(Map<String, FloatTensor> state) {
  }

  /** Applies subclass tensors after {@link #checkExtraState} passed. */
  void loadExtraState(Map<String, FloatTensor> state) {
  }

  /**
   * Checks that {@code state} has {@code key} with {@code shape}.
   *
   * @throws MtcException naming the task-qualified tensor, its shape, the expected one and the likely cause
   */
  final void require(Map<String, FloatTensor> state, String key, long... shape) {
    String name = task() + "." + key;
    FloatTensor t = state.get(key);
    if (t == null) {
      throw new MtcException("tensor '" + name + "' is missing (expected shape " + Arrays.toString(shape)
          + "); the file was not saved for this task set or is damaged: restore the model directory or retrain");
    }
    if (t.hasShape(shape)) {
      return;
    }
    String prefix = "tensor '" + name + "' has shape " + t.shapeString();
    long[] actual = t.shape();
    boolean labelDim = key.startsWith("classifier") || key.equals("thresholds");
    if (actual.length == shape.length && labelDim && actual[0] != shape[0]) {
      throw new MtcException(prefix + " but task '" + task() + "' has " + labels.size()
          + " labels in tasks.conf; the label list changed since training: restore the saved tasks.conf or "
          + "retrain");
    }
    if (actual.length == shape.length && actual[actual.length - 1] != shape[shape.length - 1]) {
      throw new MtcException(prefix + " but the backbone's pooled output has " + inputSize + " values "
          + "(expected " + Arrays.toString(shape) + "); the heads were trained on a backbone with another "
          + "hidden size: load them with that backbone");
    }
    throw new MtcException(prefix + " but " + Arrays.toString(shape) + " was expected");
  }

  private void checkInput(float[][] pooled) {
    if (pooled.length == 0) {
      throw new MtcException("task '" + task() + "': empty batch");
    }
    for (int b = 0; b < pooled.length; b++) {
      if (pooled[b].length != inputSize) {
        throw new MtcException("task '" + task() + "': pooled row " + b + " has " + pooled[b].length
            + " values but the head expects " + inputSize + " (the backbone's hidden size)");
      }
    }
  }

  private static float[][] tanh(float[][] x) {
    for (float[] row : x) {
      for (int i = 0; i < row.length; i++) {
        row[i] = tanh(row[i]);
      }
    }
    return x;
  }

  /** tanh from the exp intrinsic (StrictMath's tanh is ~10x slower); relative error about 1e-7. */
  static float tanh(float x) {
    double e = Math.exp(-2.0 * Math.abs(x));
    return (float) Math.copySign((1 - e) / (1 + e), x);
  }

  /** Inverted dropout: each entry is 0 with probability p, else 1 / (1 - p). */
  private float[][] dropoutMask(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float keep = (float) (1 / (1 - dropout));
    float[][] mask = new float[n][inputSize];
    for (float[] row : mask) {
      for (int i = 0; i < inputSize; i++) {
        row[i] = rng.nextDouble() < dropout ? 0f : keep;
      }
    }
    return mask;
  }

  private static float[][] multiply(float[][] a, float[][] b) {
    float[][] out = new float[a.length][];
    for (int r = 0; r < a.length; r++) {
      out[r] = a[r].clone();
    }
    multiplyInPlace(out, b);
    return out;
  }

  private static void multiplyInPlace(float[][] a, float[][] b) {
    for (int r = 0; r < a.length; r++) {
      float[] ar = a[r];
      float[] br = b[r];
      for (int i = 0; i < ar.length; i++) {
        ar[i] *= br[i];
      }
    }
  }
}
