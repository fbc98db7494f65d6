package org.mtc.heads;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.AdamWPolicy;
import org.mtc.core.MtcException;
import org.mtc.core.StepOutcome;
import org.mtc.core.io.FloatTensor;

/**
 * The heads' AdamW loop over {@link Param}s, following {@link AdamWPolicy} (PyTorch's {@code
 * torch.optim.AdamW} with global-norm clipping, bias correction, decoupled weight decay on
 * parameters marked for it, and a skipped step for a non-finite gradient norm). Stateless; the
 * moments live in {@link Param}.
 */
final class AdamW {
  private AdamW() {}

  /**
   * Updates {@code params} in place with their accumulated gradients, then zeroes the gradients; a
   * non-finite gradient norm leaves values and moments as they were and only drops the gradients.
   *
   * @param step 1-based number of this step if it is taken, for bias correction
   * @param owner names the head in the outcome's reason
   */
  static StepOutcome step(
      List<Param> params, AdamWPolicy policy, double lr, long step, String owner) {
    double sumSquares = 0;
    for (Param p : params) {
      for (float g : p.grad()) {
        sumSquares += (double) g * g;
      }
    }
    AdamWPolicy.Plan plan = policy.plan(Math.sqrt(sumSquares), step, lr);
    if (plan.skipped()) {
      params.forEach(p -> Arrays.fill(p.grad(), 0f));
      return AdamWPolicy.outcome(plan, owner);
    }
    float scale = (float) plan.clipScale();
    float b1 = (float) policy.settings().beta1();
    float b2 = (float) policy.settings().beta2();
    float stepSize = (float) plan.stepSize();
    float sqrtCorrection2 = (float) Math.sqrt(plan.correction2());
    float eps = (float) policy.settings().epsilon();
    float decayFactor = (float) plan.decayFactor();
    for (Param p : params) {
      float[] w = p.value;
      float[] g = p.grad();
      float[] m = p.m();
      float[] v = p.v();
      float keep = p.decay ? decayFactor : 1f;
      for (int k = 0; k < w.length; k++) {
        float gk = g[k] * scale;
        m[k] = b1 * m[k] + (1 - b1) * gk;
        v[k] = b2 * v[k] + (1 - b2) * gk * gk;
        w[k] = w[k] * keep - stepSize * m[k] / ((float) Math.sqrt(v[k]) / sqrtCorrection2 + eps);
        g[k] = 0f;
      }
    }
    return AdamWPolicy.outcome(plan, owner);
  }

  /**
   * The moments of each parameter ({@code p<i>.m}, {@code p<i>.v}, in {@code params} order) and the
   * step count {@code steps [2]} (high and low 24 bits, exact in float), copies.
   */
  static Map<String, FloatTensor> state(List<Param> params, long steps) {
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    for (int i = 0; i < params.size(); i++) {
      Param p = params.get(i);
      out.put("p" + i + ".m", new FloatTensor(new long[] {p.value.length}, p.m().clone()));
      out.put("p" + i + ".v", new FloatTensor(new long[] {p.value.length}, p.v().clone()));
    }
    out.put(
        "steps",
        new FloatTensor(
            new long[] {2}, new float[] {(float) (steps >>> 24), (float) (steps & 0xFFFFFF)}));
    return out;
  }

  /**
   * Restores moments written by {@link #state} into {@code params}, checking everything first.
   *
   * @param owner names the head in messages
   * @return the step count
   * @throws MtcException naming the missing or misfitting tensor
   */
  static long loadState(List<Param> params, Map<String, FloatTensor> state, String owner) {
    for (int i = 0; i < params.size(); i++) {
      for (String moment : List.of(".m", ".v")) {
        FloatTensor t = state.get("p" + i + moment);
        if (t == null || t.data().length != params.get(i).value.length) {
          throw new MtcException(
              owner
                  + ": optimizer state p"
                  + i
                  + moment
                  + " is "
                  + (t == null ? "missing" : "of size " + t.data().length)
                  + ", expected "
                  + params.get(i).value.length
                  + " values; the checkpoint belongs to another head shape");
        }
      }
    }
    FloatTensor count = state.get("steps");
    if (count == null || count.data().length != 2) {
      throw new MtcException(owner + ": optimizer state has no step count");
    }
    for (int i = 0; i < params.size(); i++) {
      System.arraycopy(
          state.get("p" + i + ".m").data(), 0, params.get(i).m(), 0, params.get(i).value.length);
      System.arraycopy(
          state.get("p" + i + ".v").data(), 0, params.get(i).v(), 0, params.get(i).value.length);
    }
    return ((long) count.data()[0] << 24) | (long) count.data()[1];
  }
}
