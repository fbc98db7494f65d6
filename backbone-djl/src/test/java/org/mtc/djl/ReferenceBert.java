package org.mtc.djl;

import java.util.Map;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.model.EncoderConfig;

/**
 * A plain-Java (double loops) BERT / DistilBERT forward for one unpadded sequence, written straight
 * from the Hugging Face modelling code, to pin the DJL encoder's math: hidden states {@code [seq,
 * hidden]}.
 */
final class ReferenceBert {
  private final Map<String, FloatTensor> w;
  private final EncoderConfig c;
  private final String layerPrefix;

  ReferenceBert(Map<String, FloatTensor> weights, EncoderConfig config) {
    this.w = weights;
    this.c = config;
    this.layerPrefix = config.distilbert() ? "transformer.layer." : "encoder.layer.";
  }

  double[][] forward(long[] ids) {
    int s = ids.length;
    int h = c.hiddenSize();
    double[][] x = new double[s][h];
    for (int i = 0; i < s; i++) {
      for (int j = 0; j < h; j++) {
        x[i][j] =
            at("embeddings.word_embeddings.weight", (int) ids[i], j)
                + at("embeddings.position_embeddings.weight", i, j)
                + (c.distilbert() ? 0 : at("embeddings.token_type_embeddings.weight", 0, j));
      }
    }
    x = layerNorm(x, "embeddings.LayerNorm");
    for (int l = 0; l < c.numHiddenLayers(); l++) {
      String p = layerPrefix + l + ".";
      boolean d = c.distilbert();
      double[][] q = linear(x, p + (d ? "attention.q_lin" : "attention.self.query"));
      double[][] k = linear(x, p + (d ? "attention.k_lin" : "attention.self.key"));
      double[][] v = linear(x, p + (d ? "attention.v_lin" : "attention.self.value"));
      double[][] context = attention(q, k, v);
      double[][] a = linear(context, p + (d ? "attention.out_lin" : "attention.output.dense"));
      x = layerNorm(add(a, x), p + (d ? "sa_layer_norm" : "attention.output.LayerNorm"));
      double[][] f = linear(x, p + (d ? "ffn.lin1" : "intermediate.dense"));
      for (double[] row : f) {
        for (int j = 0; j < row.length; j++) {
          row[j] = gelu(row[j]);
        }
      }
      f = linear(f, p + (d ? "ffn.lin2" : "output.dense"));
      x = layerNorm(add(f, x), p + (d ? "output_layer_norm" : "output.LayerNorm"));
    }
    return x;
  }

  private double[][] attention(double[][] q, double[][] k, double[][] v) {
    int s = q.length;
    int heads = c.numAttentionHeads();
    int size = c.headSize();
    double[][] out = new double[s][heads * size];
    for (int head = 0; head < heads; head++) {
      int o = head * size;
      for (int i = 0; i < s; i++) {
        double[] scores = new double[s];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < s; j++) {
          double dot = 0;
          for (int e = 0; e < size; e++) {
            dot += q[i][o + e] * k[j][o + e];
          }
          scores[j] = dot / Math.sqrt(size);
          max = Math.max(max, scores[j]);
        }
        double sum = 0;
        for (int j = 0; j < s; j++) {
          scores[j] = Math.exp(scores[j] - max);
          sum += scores[j];
        }
        for (int j = 0; j < s; j++) {
          for (int e = 0; e < size; e++) {
            out[i][o + e] += scores[j] / sum * v[j][o + e];
          }
        }
      }
    }
    return out;
  }

  private double[][] linear(double[][] x, String name) {
    FloatTensor weight = w.get(name + ".weight"); // [out, in]
    FloatTensor bias = w.get(name + ".bias");
    int out = (int) weight.shape()[0];
    int in = (int) weight.shape()[1];
    double[][] y = new double[x.length][out];
    for (int r = 0; r < x.length; r++) {
      for (int o = 0; o < out; o++) {
        double acc = bias.data()[o];
        for (int i = 0; i < in; i++) {
          acc += x[r][i] * weight.data()[o * in + i];
        }
        y[r][o] = acc;
      }
    }
    return y;
  }

  private double[][] layerNorm(double[][] x, String name) {
    float[] gamma = w.get(name + ".weight").data();
    float[] beta = w.get(name + ".bias").data();
    double[][] y = new double[x.length][];
    for (int r = 0; r < x.length; r++) {
      int n = x[r].length;
      double mean = 0;
      for (double v : x[r]) {
        mean += v / n;
      }
      double var = 0;
      for (double v : x[r]) {
        var += (v - mean) * (v - mean) / n; // biased variance, as torch.nn.LayerNorm
      }
      y[r] = new double[n];
      for (int j = 0; j < n; j++) {
        y[r][j] = (x[r][j] - mean) / Math.sqrt(var + c.layerNormEps()) * gamma[j] + beta[j];
      }
    }
    return y;
  }

  private double gelu(double x) {
    if (c.tanhGelu()) {
      return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }
    return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
  }

  /**
   * erf by its Maclaurin series (|x| < 3) or continued fraction; absolute error below 1e-12 here.
   */
  static double erf(double x) {
    double a = Math.abs(x);
    double r;
    if (a < 3) {
      double term = a;
      double sum = a;
      for (int n = 1; n < 200 && Math.abs(term) > 1e-17; n++) {
        term *= -a * a / n;
        sum += term / (2 * n + 1);
      }
      r = 2 / Math.sqrt(Math.PI) * sum;
    } else {
      double f = 0; // erfc continued fraction
      for (int n = 60; n >= 1; n--) {
        f = n / 2.0 / (a + f);
      }
      r = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + f);
    }
    return x < 0 ? -r : r;
  }

  private double at(String name, int row, int col) {
    FloatTensor t = w.get(name);
    return t.data()[row * (int) t.shape()[1] + col];
  }

  private static double[][] add(double[][] a, double[][] b) {
    double[][] y = new double[a.length][a[0].length];
    for (int r = 0; r < a.length; r++) {
      for (int j = 0; j < a[r].length; j++) {
        y[r][j] = a[r][j] + b[r][j];
      }
    }
    return y;
  }
}
