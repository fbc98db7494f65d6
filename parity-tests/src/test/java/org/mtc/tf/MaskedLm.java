package org.mtc.tf;

import java.util.Map;
import org.mtc.core.io.FloatTensor;

/**
 * Google BERT's masked-LM head in plain Java for one position: dense + tanh GELU + LayerNorm, tied
 * decoder.
 */
final class MaskedLm {
  private MaskedLm() {}

  static float[] logits(float[] h, Map<String, FloatTensor> w, String scope) {
    int n = h.length;
    float[] kernel = w.get(scope + "transform/dense/kernel").data(); // [in, out]
    float[] t = w.get(scope + "transform/dense/bias").data().clone();
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < n; o++) {
        t[o] += h[i] * kernel[i * n + o];
      }
    }
    double mean = 0;
    for (int o = 0; o < n; o++) {
      double x = t[o];
      t[o] =
          (float) (0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))));
      mean += t[o];
    }
    mean /= n;
    double var = 0;
    for (float x : t) {
      var += (x - mean) * (x - mean);
    }
    var /= n;
    float[] gamma = w.get(scope + "transform/LayerNorm/gamma").data();
    float[] beta = w.get(scope + "transform/LayerNorm/beta").data();
    for (int o = 0; o < n; o++) {
      t[o] = (float) ((t[o] - mean) / Math.sqrt(var + 1e-12) * gamma[o] + beta[o]);
    }
    float[] emb = w.get("module/bert/embeddings/word_embeddings").data();
    float[] bias = w.get(scope + "output_bias").data();
    float[] logits = new float[bias.length];
    for (int v = 0; v < logits.length; v++) {
      double s = bias[v];
      for (int o = 0; o < n; o++) {
        s += t[o] * emb[v * n + o];
      }
      logits[v] = (float) s;
    }
    return logits;
  }
}
