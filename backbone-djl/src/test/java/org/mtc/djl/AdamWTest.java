package org.mtc.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtc.core.AdamWSettings;

/**
 * AdamW against torch.optim.AdamW's update rule written out in doubles, with global-norm clipping
 * first.
 */
class AdamWTest {
  @Test
  void matchesTheAdamWUpdateRuleWithClippingAndDecoupledDecay() {
    AdamWSettings s = new AdamWSettings(0.9, 0.99, 1e-6, 0.1, 1.0);
    double lr = 0.01;
    float[] w0 = {0.5f, -1.0f, 2.0f};
    float[] b0 = {0.25f, -0.5f};
    double[][] gw = {
      {3, -4, 0.5}, {0.1, 0.2, -0.3}
    }; // step 1 exceeds the clip norm, step 2 does not
    double[][] gb = {{1, 2}, {-0.1, 0.05}};
    Engine engine = DjlBackboneFactory.pytorch();
    try (NDManager m = engine.newBaseManager()) {
      NDArray w = m.create(w0);
      NDArray b = m.create(b0);
      w.setRequiresGradient(true);
      b.setRequiresGradient(true);
      Map<String, NDArray> params = new LinkedHashMap<>();
      params.put("encoder.layer.0.output.dense.weight", w);
      params.put("encoder.layer.0.output.dense.bias", b);
      AdamW adam = new AdamW(s, params, m);
      double[] ew = toDouble(w0);
      double[] eb = toDouble(b0);
      double[][] mom = {new double[3], new double[3], new double[2], new double[2]};
      for (int t = 0; t < 2; t++) {
        try (GradientCollector c = engine.newGradientCollector()) {
          NDArray loss =
              w.mul(m.create(toFloat(gw[t]), new Shape(3)))
                  .sum()
                  .add(b.mul(m.create(toFloat(gb[t]), new Shape(2))).sum());
          c.backward(loss);
        }
        double norm = adam.step(lr).gradientNorm();
        double sq = 0;
        for (double g : gw[t]) {
          sq += g * g;
        }
        for (double g : gb[t]) {
          sq += g * g;
        }
        assertThat(norm).isCloseTo(Math.sqrt(sq), within(1e-4));
        double clip = Math.sqrt(sq) > 1.0 ? 1.0 / (Math.sqrt(sq) + 1e-6) : 1.0;
        update(ew, gw[t], clip, mom[0], mom[1], t + 1, s, lr, true);
        update(eb, gb[t], clip, mom[2], mom[3], t + 1, s, lr, false);
        assertClose(w.toFloatArray(), ew);
        assertClose(b.toFloatArray(), eb);
      }
      assertThat(w.getGradient().abs().sum().getFloat()).isZero();
    }
  }

  private static void update(
      double[] p,
      double[] g,
      double clip,
      double[] m,
      double[] v,
      int t,
      AdamWSettings s,
      double lr,
      boolean decay) {
    for (int i = 0; i < p.length; i++) {
      double gi = g[i] * clip;
      m[i] = s.beta1() * m[i] + (1 - s.beta1()) * gi;
      v[i] = s.beta2() * v[i] + (1 - s.beta2()) * gi * gi;
      if (decay) {
        p[i] *= 1 - lr * s.weightDecay();
      }
      double mHat = m[i] / (1 - Math.pow(s.beta1(), t));
      double vHat = v[i] / (1 - Math.pow(s.beta2(), t));
      p[i] -= lr * mHat / (Math.sqrt(vHat) + s.epsilon());
    }
  }

  private static void assertClose(float[] actual, double[] expected) {
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[i]).isCloseTo(expected[i], within(1e-5));
    }
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  private static float[] toFloat(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }
}
