package org.mtc.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.AdamWPolicy;
import org.mtc.core.AdamWSettings;
import org.mtc.core.MtcException;
import org.mtc.core.StepOutcome;
import org.mtc.core.io.FloatTensor;

/**
 * AdamW over a fixed set of encoder parameters as NDArray operations, following {@link AdamWPolicy}
 * (clipping, bias correction, decoupled weight decay except biases and LayerNorm, a skipped step
 * for a non-finite gradient norm). Reads the gradients PyTorch accumulated in each parameter,
 * updates the parameters in place with gradient recording off, then zeroes the gradients. Moment
 * arrays live in the manager given to the constructor. Not thread-safe: callers hold the backbone's
 * write lock.
 */
final class AdamW {
  /** Names the encoder in a skipped step's reason. */
  static final String OWNER = "the djl encoder";

  private final AdamWPolicy policy;
  private final Map<String, NDArray> parameters;
  private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
  private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
  private long steps;

  /**
   * @param parameters the trainable parameters (each with gradients attached), by Hugging Face name
   */
  AdamW(AdamWSettings settings, Map<String, NDArray> parameters, NDManager manager) {
    this.policy = new AdamWPolicy(settings);
    this.parameters = Map.copyOf(parameters);
    for (var e : parameters.entrySet()) {
      firstMoments.put(e.getKey(), manager.zeros(e.getValue().getShape()));
      secondMoments.put(e.getKey(), manager.zeros(e.getValue().getShape()));
    }
  }

  long steps() {
    return steps;
  }

  /**
   * Copies of the moments ({@code NAME.m}, {@code NAME.v}) and the step count ({@code steps}, two
   * 24-bit halves).
   */
  Map<String, FloatTensor> state() {
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    for (String name : parameters.keySet()) {
      out.put(name + ".m", tensor(firstMoments.get(name)));
      out.put(name + ".v", tensor(secondMoments.get(name)));
    }
    out.put(
        "steps",
        new FloatTensor(
            new long[] {2}, new float[] {(float) (steps >>> 24), (float) (steps & 0xFFFFFF)}));
    return out;
  }

  /** Restores {@link #state()}; checks every tensor before changing anything. */
  void load(Map<String, FloatTensor> state) {
    for (String name : parameters.keySet()) {
      for (String suffix : List.of(".m", ".v")) {
        FloatTensor t = state.get(name + suffix);
        long size = parameters.get(name).size();
        if (t == null || t.data().length != size) {
          throw new MtcException(
              "encoder optimizer state "
                  + name
                  + suffix
                  + " is "
                  + (t == null ? "missing" : "of size " + t.data().length)
                  + ", expected "
                  + size
                  + " values; the "
                  + "checkpoint was written with other trainable-layers or another backbone");
        }
      }
    }
    FloatTensor count = state.get("steps");
    if (count == null || count.data().length != 2) {
      throw new MtcException("encoder optimizer state has no step count");
    }
    for (String name : parameters.keySet()) {
      firstMoments.get(name).set(FloatBuffer.wrap(state.get(name + ".m").data()));
      secondMoments.get(name).set(FloatBuffer.wrap(state.get(name + ".v").data()));
    }
    steps = ((long) count.data()[0] << 24) | (long) count.data()[1];
  }

  private static FloatTensor tensor(NDArray a) {
    return new FloatTensor(a.getShape().getShape(), a.toFloatArray());
  }

  /**
   * One step with the accumulated gradients, as {@link AdamWPolicy} plans it; parameters that
   * received no gradient since the last step only decay. A non-finite gradient norm skips the step
   * (gradients dropped).
   */
  StepOutcome step(double learningRate) {
    boolean gradMode = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      Map<String, NDArray> grads = new LinkedHashMap<>();
      double squares = 0;
      for (var e : parameters.entrySet()) {
        NDArray g = e.getValue().getGradient();
        grads.put(e.getKey(), g);
        squares += g.pow(2).sum().getFloat();
      }
      AdamWPolicy.Plan plan = policy.plan(Math.sqrt(squares), steps + 1, learningRate);
      if (plan.skipped()) {
        clearGradients();
        return AdamWPolicy.outcome(plan, OWNER);
      }
      steps++;
      double clip = plan.clipScale();
      double b1 = policy.settings().beta1();
      double b2 = policy.settings().beta2();
      for (var e : parameters.entrySet()) {
        String name = e.getKey();
        NDArray p = e.getValue();
        NDArray g = grads.get(name);
        NDArray m = firstMoments.get(name);
        NDArray v = secondMoments.get(name);
        m.muli((float) b1).addi(g.mul((float) ((1 - b1) * clip)));
        v.muli((float) b2).addi(g.mul(g).muli((float) ((1 - b2) * clip * clip)));
        if (policy.decays(name)) {
          p.muli((float) plan.decayFactor());
        }
        NDArray denominator =
            v.div((float) plan.correction2()).sqrt().addi((float) policy.settings().epsilon());
        p.subi(m.div(denominator).muli((float) plan.stepSize()));
      }
      clearGradients();
      return AdamWPolicy.outcome(plan, OWNER);
    } finally {
      JniUtils.setGradMode(gradMode);
    }
  }

  /** Drops the accumulated gradients (NaN-safe; also after a failed batch). */
  void clearGradients() {
    for (NDArray p : parameters.values()) {
      JniUtils.zeroGrad((PtNDArray) p);
    }
  }
}
