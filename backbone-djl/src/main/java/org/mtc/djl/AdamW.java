package org.mtc.djl;

import org.mtc.core.model.EncoderLayout;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mtc.core.AdamWSettings;

/**
 * AdamW (decoupled weight decay, as {@code torch.optim.AdamW}) over a fixed set of encoder parameters, with
 * global gradient-norm clipping first. Reads the gradients PyTorch accumulated in each parameter, updates the
 * parameters in place with gradient recording off, then zeroes the gradients (a step whose gradient norm is not finite is skipped). Moment arrays live in the
 * manager given to the constructor. Not thread-safe: callers hold the backbone's write lock.
 */
final class AdamW {
  private final AdamWSettings settings;
  private final Map<String, NDArray> parameters;
  private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
  private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
  private long steps;

  /** @param parameters the trainable parameters (each with gradients attached), by Hugging Face name */
  AdamW(AdamWSettings settings, Map<String, NDArray> parameters, NDManager manager) {
    this.settings = settings;
    this.parameters = Map.copyOf(parameters);
    for (var e : parameters.entrySet()) {
      firstMoments.put(e.getKey(), manager.zeros(e.getValue().getShape()));
      secondMoments.put(e.getKey(), manager.zeros(e.getValue().getShape()));
    }
  }

  long steps() {
    return steps;
  }

  /** Copies of the moments ({@code NAME.m}, {@code NAME.v}) and the step count ({@code steps}, two 24-bit halves). */
  Map<String, org.mtc.core.io.FloatTensor> state() {
    Map<String, org.mtc.core.io.FloatTensor> out = new LinkedHashMap<>();
    for (String name : parameters.keySet()) {
      out.put(name + ".m", tensor(firstMoments.get(name)));
      out.put(name + ".v", tensor(secondMoments.get(name)));
    }
    out.put("steps", new org.mtc.core.io.FloatTensor(new long[] {2},
        new float[] {(float) (steps >>> 24), (float) (steps & 0xFFFFFF)}));
    return out;
  }

  /** Restores {@link #state()}; checks every tensor before changing anything. */
  void load(Map<String, org.mtc.core.io.FloatTensor> state) {
    for (String name : parameters.keySet()) {
      for (String suffix : java.util.List.of(".m", ".v")) {
        org.mtc.core.io.FloatTensor t = state.get(name + suffix);
        long size = parameters.get(name).size();
        if (t == null || t.data().length != size) {
          throw new org.mtc.core.MtcException("encoder optimizer state " + name + suffix + " is "
              + (t == null ? "missing" : "of size " + t.data().length) + ", expected " + size + " values; the "
              + "checkpoint was written with other trainable-layers or another backbone");
        }
      }
    }
    org.mtc.core.io.FloatTensor count = state.get("steps");
    if (count == null || count.data().length != 2) {
      throw new org.mtc.core.MtcException("encoder optimizer state has no step count");
    }
    for (String name : parameters.keySet()) {
      firstMoments.get(name).set(java.nio.FloatBuffer.wrap(state.get(name + ".m").data()));
      secondMoments.get(name).set(java.nio.FloatBuffer.wrap(state.get(name + ".v").data()));
    }
    steps = ((long) count.data()[0] << 24) | (long) count.data()[1];
  }

  private static org.mtc.core.io.FloatTensor tensor(NDArray a) {
    return new org.mtc.core.io.FloatTensor(a.getShape().getShape(), a.toFloatArray());
  }

  /**
   * One step with the accumulated gradients; parameters that received no gradient since the last step only
   * decay. Returns the global gradient norm before clipping.
   */
  double step(double learningRate) {
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
      double norm = Math.sqrt(squares);
      if (!Double.isFinite(norm)) {
        clearGradients();
        return norm; // skip a step whose gradients overflowed rather than poison the weights
      }
      double clip = settings.gradientClipNorm() > 0 && norm > settings.gradientClipNorm()
          ? settings.gradientClipNorm() / (norm + 1e-6) : 1.0;
      steps++;
      double b1 = settings.beta1();
      double b2 = settings.beta2();
      double correction1 = 1 - Math.pow(b1, steps);
      double correction2 = 1 - Math.pow(b2, steps);
      for (var e : parameters.entrySet()) {
        String name = e.getKey();
        NDArray p = e.getValue();
        NDArray g = grads.get(name);
        NDArray m = firstMoments.get(name);
        NDArray v = secondMoments.get(name);
        m.muli((float) b1).addi(g.mul((float) ((1 - b1) * clip)));
        v.muli((float) b2).addi(g.mul(g).muli((float) ((1 - b2) * clip * clip)));
        if (settings.weightDecay() > 0 && !EncoderLayout.exemptFromDecay(name)) {
          p.muli((float) (1 - learningRate * settings.weightDecay()));
        }
        NDArray denominator = v.div((float) correction2).sqrt().addi((float) settings.epsilon());
        p.subi(m.div(denominator).muli((float) (learningRate / correction1)));
      }
      clearGradients();
      return norm;
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
