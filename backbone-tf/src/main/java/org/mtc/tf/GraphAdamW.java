package org.mtc.tf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mtc.core.AdamWPolicy;
import org.mtc.core.AdamWSettings;
import org.mtc.core.FineTuning;
import org.mtc.core.StepOutcome;
import org.mtc.core.model.EncoderLayout;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Back-propagation and AdamW over the trainable encoder variables, as graph operations: {@link
 * #accumulate} runs the gradients of {@code sum(pooled * upstream)} (TensorFlow's {@code Gradients}
 * with the upstream placeholder as the {@code dx} seed) and adds them into accumulator variables;
 * {@link #step} applies the step {@link AdamWPolicy} plans (clipping, bias correction, decoupled
 * weight decay except on biases and LayerNorm, a skipped step for a non-finite norm), with the same
 * operation order as the DJL engine, then clears the accumulators. Not thread-safe: callers hold
 * the backbone's write lock.
 */
final class GraphAdamW {
  /** Names the encoder in a skipped step's reason. */
  static final String OWNER = "the tf encoder";

  private final AdamWPolicy policy;
  final Placeholder<TFloat32> upstream;
  private final List<Op> initOps = new ArrayList<>();
  private final List<Op> accumulateOps = new ArrayList<>();
  private final List<Op> updateOps = new ArrayList<>();
  private final List<Op> resetOps = new ArrayList<>();
  private final Operand<TFloat32> norm;
  private final Placeholder<TFloat32> firstScale;
  private final Placeholder<TFloat32> secondScale;
  private final Placeholder<TFloat32> decay;
  private final Placeholder<TFloat32> stepSize;
  private final Placeholder<TFloat32> correction2;
  private long steps;

  GraphAdamW(EncoderGraph g, Graph graph, AdamWSettings settings, List<String> trainable) {
    this.policy = new AdamWPolicy(settings);
    Ops tf = g.tf.withSubScope("adamw");
    this.upstream =
        tf.withName("upstream")
            .placeholder(
                TFloat32.class, Placeholder.shape(Shape.of(Shape.UNKNOWN_SIZE, g.hiddenSize())));
    this.firstScale = tf.placeholder(TFloat32.class);
    this.secondScale = tf.placeholder(TFloat32.class);
    this.decay = tf.placeholder(TFloat32.class);
    this.stepSize = tf.placeholder(TFloat32.class);
    this.correction2 = tf.placeholder(TFloat32.class);
    Map<String, Output<?>> grads = g.gradients(graph, upstream, trainable);
    List<Operand<TFloat32>> squares = new ArrayList<>();
    for (String name : trainable) {
      Variable<TFloat32> p = g.variables.get(name);
      Operand<TFloat32> read = g.reads.get(name);
      Variable<TFloat32> acc = tf.variable(p.shape(), TFloat32.class);
      Variable<TFloat32> m = tf.variable(p.shape(), TFloat32.class);
      Variable<TFloat32> v = tf.variable(p.shape(), TFloat32.class);
      for (Variable<TFloat32> s : List.of(acc, m, v)) {
        initOps.add(tf.assign(s, tf.zerosLike(read)));
      }
      @SuppressWarnings("unchecked")
      Operand<TFloat32> grad = (Operand<TFloat32>) grads.get(name);
      accumulateOps.add(tf.assignAdd(acc, grad));
      Operand<TFloat32> a = tf.identity(acc);
      squares.add(g.sumAll(tf.math.square(a)));
      Operand<TFloat32> mNew =
          tf.assign(
              m,
              tf.math.add(
                  tf.math.mul(m, tf.constant((float) settings.beta1())),
                  tf.math.mul(a, firstScale)));
      Operand<TFloat32> vNew =
          tf.assign(
              v,
              tf.math.add(
                  tf.math.mul(v, tf.constant((float) settings.beta2())),
                  tf.math.mul(tf.math.mul(a, a), secondScale)));
      Operand<TFloat32> decayed = policy.decays(name) ? tf.math.mul(read, decay) : read;
      Operand<TFloat32> denominator =
          tf.math.add(
              tf.math.sqrt(tf.math.div(vNew, correction2)),
              tf.constant((float) settings.epsilon()));
      updateOps.add(
          tf.assign(
              p, tf.math.sub(decayed, tf.math.mul(tf.math.div(mNew, denominator), stepSize))));
      resetOps.add(tf.assign(acc, tf.zerosLike(read)));
    }
    this.norm = tf.math.sqrt(squares.isEmpty() ? tf.constant(0f) : tf.math.addN(squares));
  }

  /**
   * The names {@code fineTuning} trains: all, those of the top k layers (no embeddings), or none.
   */
  static List<String> trainableNames(List<String> names, int layers, FineTuning fineTuning) {
    int lowest = layers - Math.min(fineTuning.trainableLayers(), layers);
    List<String> out = new ArrayList<>();
    for (String name : names) {
      var layer = EncoderLayout.layerOf(name);
      if (layer.isPresent()
          ? !fineTuning.frozen() && layer.getAsInt() >= lowest
          : fineTuning.full()) {
        out.add(name);
      }
    }
    return out;
  }

  /** Zeroes the accumulators and moments (once, after the weights are set). */
  void initialize(Session session) {
    run(session.runner(), initOps);
  }

  void clearGradients(Session session) {
    run(session.runner(), resetOps);
  }

  /** Adds the gradients of one backward pass; {@code feeds} hold ids, mask, seed and upstream. */
  void accumulate(Session.Runner runner) {
    run(runner, accumulateOps);
  }

  long steps() {
    return steps;
  }

  /**
   * One AdamW step with the accumulated gradients, as {@link AdamWPolicy} plans it from the global
   * gradient norm; a non-finite norm skips the step (accumulators cleared).
   */
  StepOutcome step(Session session, double learningRate) {
    double globalNorm;
    try (Result r = session.runner().fetch(norm).run()) {
      globalNorm = ((TFloat32) r.get(0)).getFloat();
    }
    AdamWPolicy.Plan plan = policy.plan(globalNorm, steps + 1, learningRate);
    if (plan.skipped()) {
      clearGradients(session);
      return AdamWPolicy.outcome(plan, OWNER);
    }
    steps++;
    double clip = plan.clipScale();
    double b1 = policy.settings().beta1();
    double b2 = policy.settings().beta2();
    List<Tensor> scalars =
        List.of(
            TFloat32.scalarOf((float) ((1 - b1) * clip)),
            TFloat32.scalarOf((float) ((1 - b2) * clip * clip)),
            TFloat32.scalarOf((float) plan.decayFactor()),
            TFloat32.scalarOf((float) plan.stepSize()),
            TFloat32.scalarOf((float) plan.correction2()));
    try {
      Session.Runner runner =
          session
              .runner()
              .feed(firstScale, scalars.get(0))
              .feed(secondScale, scalars.get(1))
              .feed(decay, scalars.get(2))
              .feed(stepSize, scalars.get(3))
              .feed(correction2, scalars.get(4));
      run(runner, updateOps);
    } finally {
      scalars.forEach(Tensor::close);
    }
    clearGradients(session);
    return AdamWPolicy.outcome(plan, OWNER);
  }

  private static void run(Session.Runner runner, List<Op> targets) {
    if (targets.isEmpty()) {
      return;
    }
    targets.forEach(runner::addTarget);
    try (Result r = runner.run()) {
      r.size(); // targets only: nothing fetched
    }
  }
}
