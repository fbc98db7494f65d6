package org.mtc.onnx.graph;

import static org.mtc.onnx.proto.Onnx.TensorProto.DataType.FLOAT;
import static org.mtc.onnx.proto.Onnx.TensorProto.DataType.INT64;

import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.core.Pooling;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.model.EncoderConfig;
import org.mtc.core.model.EncoderLayout;
import org.mtc.onnx.importer.OnnxFiles;

/**
 * Writes a BERT or DistilBERT encoder with its pooling as standard ONNX operators (opset 17), after
 * Hugging Face's {@code modeling_bert.py}/{@code modeling_distilbert.py} and exactly as
 * backbone-djl's {@code Encoder} computes it: embeddings (word + position [+ token type]) →
 * LayerNormalization → per layer: Q/K/V MatMul+Add, scaled dot-product attention with an additive
 * padding mask (-1e9), output projection, residual, LayerNorm, feed-forward with exact (Erf) or
 * tanh GELU, residual, LayerNorm.
 *
 * <p>Graph inputs: {@value #INPUT_IDS}, {@value #ATTENTION_MASK} and (BERT only) {@value
 * #TOKEN_TYPE_IDS}, all int64 {@code [batch, seq]}. Values: {@value #HIDDEN} {@code [batch, seq,
 * hidden]} and {@value #POOLED} {@code [batch, hidden]} (CLS: first token; MEAN: masked mean).
 * Linear weights are stored transposed {@code [in, out]} as {@code torch.onnx} does. Stateless.
 */
public final class EncoderGraph {
  public static final String INPUT_IDS = "input_ids";
  public static final String ATTENTION_MASK = "attention_mask";
  public static final String TOKEN_TYPE_IDS = "token_type_ids";
  public static final String HIDDEN = "last_hidden_state";
  public static final String POOLED = "pooled";

  /** Added to attention scores of padding keys, as in backbone-djl. */
  static final float MASKED = -1e9f;

  private EncoderGraph() {}

  /**
   * Adds inputs, the encoder and the pooling to {@code g}, and declares {@value #HIDDEN} and
   * {@value #POOLED} as graph outputs.
   *
   * @param pooling CLS or MEAN (resolved, never AUTO)
   * @return the name of the pooled value
   */
  public static String build(GraphBuilder g, EncoderWeights w, Pooling pooling) {
    return build(g, w, pooling, false);
  }

  /**
   * As {@link #build(GraphBuilder, EncoderWeights, Pooling)}; {@code fused} writes each layer with
   * ONNX Runtime's fused transformer kernels ({@code com.microsoft} Attention,
   * SkipLayerNormalization, BiasGelu/FastGelu): the same function, faster on ONNX Runtime, but
   * runnable only there.
   */
  public static String build(GraphBuilder g, EncoderWeights w, Pooling pooling, boolean fused) {
    return build(g, w, pooling, fused, Quantization.NONE);
  }

  /**
   * As {@link #build(GraphBuilder, EncoderWeights, Pooling, boolean)}, the weights stored and
   * multiplied as {@code quantization} says: {@link Quantization#INT8} writes the dense layers (Q,
   * K, V, attention output, feed-forward) as {@link QuantizedMatMul} and the word embeddings as
   * {@link QuantizedGather}, in standard operators; it does not combine with {@code fused} (ONNX
   * Runtime fuses the standard quantized operators itself, and its fused Attention kernel would
   * keep Q, K and V in fp32).
   */
  public static String build(
      GraphBuilder g, EncoderWeights w, Pooling pooling, boolean fused, Quantization quantization) {
    refuseFusedQuantized(fused, quantization);
    EncoderConfig c = w.config();
    Dense dense = new Dense(w, quantization);
    String ids = g.input(INPUT_IDS, INT64, "batch", "seq");
    String mask = g.input(ATTENTION_MASK, INT64, "batch", "seq");
    String words = "embeddings.word_embeddings.weight";
    String x =
        quantization == Quantization.INT8
            ? QuantizedGather.write(g, words, w.get(words), ids)
            : g.op("Gather", g.weight(words, w.get(words)), ids);
    String seq =
        g.op("Gather", new String[] {g.op("Shape", ids), g.ints(true, 1)}, Map.of("axis", 0));
    String positions = g.op("Range", g.ints(true, 0), seq, g.ints(true, 1));
    x =
        g.op(
            "Add",
            x,
            g.op(
                "Gather",
                g.weight(
                    "embeddings.position_embeddings.weight",
                    w.get("embeddings.position_embeddings.weight")),
                positions));
    if (!c.distilbert()) {
      String types = g.input(TOKEN_TYPE_IDS, INT64, "batch", "seq");
      x =
          g.op(
              "Add",
              x,
              g.op(
                  "Gather",
                  g.weight(
                      "embeddings.token_type_embeddings.weight",
                      w.get("embeddings.token_type_embeddings.weight")),
                  types));
    }
    x = norm(g, w, x, "embeddings.LayerNorm");
    String maskF = g.op("Cast", new String[] {mask}, Map.of("to", (long) FLOAT.getNumber()));
    String additive =
        g.op(
            "Mul",
            g.op("Sub", g.constant(1f), g.op("Unsqueeze", maskF, g.ints(false, 1, 2))),
            g.constant(MASKED));
    String mask32 = fused ? g.op("Cast", new String[] {mask}, Map.of("to", 6L)) : null; // INT32
    for (int l = 0; l < c.numHiddenLayers(); l++) {
      x =
          fused
              ? fusedLayer(g, w, EncoderWeights.layer(c, l), x, mask32)
              : layer(g, dense, EncoderWeights.layer(c, l), x, additive);
    }
    String hidden = g.opNamed(HIDDEN, "Identity", new String[] {x}, Map.of());
    g.output(hidden, FLOAT, "batch", "seq", c.hiddenSize());
    String pooled = pool(g, hidden, maskF, pooling);
    g.output(pooled, FLOAT, "batch", c.hiddenSize());
    return pooled;
  }

  private static void refuseFusedQuantized(boolean fused, Quantization quantization) {
    if (fused && quantization != Quantization.NONE) {
      throw new MtcException(
          "an encoder graph is either fused (ONNX Runtime's fp32 kernels) or quantized ("
              + quantization.scheme()
              + "), not both: the "
              + quantization.scheme()
              + " graph's standard operators are what ONNX Runtime runs fastest; drop --fused");
    }
  }

  private static String pool(GraphBuilder g, String hidden, String maskF, Pooling pooling) {
    if (pooling == Pooling.CLS) {
      return g.opNamed(POOLED, "Gather", new String[] {hidden, g.ints(true, 0)}, Map.of("axis", 1));
    }
    String m = g.op("Unsqueeze", maskF, g.ints(false, 2));
    String sum =
        g.op(
            "ReduceSum",
            new String[] {g.op("Mul", hidden, m), g.ints(false, 1)},
            Map.of("keepdims", 0));
    String count = g.op("ReduceSum", new String[] {m, g.ints(false, 1)}, Map.of("keepdims", 0));
    return g.opNamed(
        POOLED, "Div", new String[] {sum, g.op("Max", count, g.constant(1e-9f))}, Map.of());
  }

  private static String layer(
      GraphBuilder g, Dense dense, EncoderLayout.LayerNames n, String x, String additive) {
    EncoderWeights w = dense.w();
    EncoderConfig c = w.config();
    long heads = c.numAttentionHeads();
    long size = c.headSize();
    String split = g.ints(false, 0, 0, heads, size);
    String q =
        g.op(
            "Transpose",
            new String[] {g.op("Reshape", dense.linear(g, x, n.query()), split)},
            Map.of("perm", new long[] {0, 2, 1, 3}));
    String k =
        g.op(
            "Transpose",
            new String[] {g.op("Reshape", dense.linear(g, x, n.key()), split)},
            Map.of("perm", new long[] {0, 2, 3, 1}));
    String v =
        g.op(
            "Transpose",
            new String[] {g.op("Reshape", dense.linear(g, x, n.value()), split)},
            Map.of("perm", new long[] {0, 2, 1, 3}));
    String scores =
        g.op(
            "Add",
            g.op("Div", g.op("MatMul", q, k), g.constant((float) Math.sqrt(size))),
            additive);
    String probs = g.op("Softmax", new String[] {scores}, Map.of("axis", -1));
    String context =
        g.op(
            "Transpose",
            new String[] {g.op("MatMul", probs, v)},
            Map.of("perm", new long[] {0, 2, 1, 3}));
    context = g.op("Reshape", context, g.ints(false, 0, 0, c.hiddenSize()));
    x =
        norm(
            g, w, g.op("Add", dense.linear(g, context, n.attentionOutput()), x), n.attentionNorm());
    String ff = dense.linear(g, gelu(g, c, dense.linear(g, x, n.intermediate())), n.output());
    return norm(g, w, g.op("Add", ff, x), n.outputNorm());
  }

  /**
   * One layer on ONNX Runtime's fused kernels; {@code mask32} is the int32 {@code [batch, seq]}
   * mask.
   */
  private static String fusedLayer(
      GraphBuilder g, EncoderWeights w, EncoderLayout.LayerNames n, String x, String mask32) {
    EncoderConfig c = w.config();
    int h = c.hiddenSize();
    float[] qkv = new float[h * 3 * h];
    float[] bias = new float[3 * h];
    String[] parts = {n.query(), n.key(), n.value()};
    for (int p = 0; p < 3; p++) {
      float[] wt = w.get(parts[p] + ".weight").data(); // [out, in]
      for (int o = 0; o < h; o++) {
        for (int i = 0; i < h; i++) {
          qkv[i * 3 * h + p * h + o] = wt[o * h + i];
        }
      }
      System.arraycopy(w.get(parts[p] + ".bias").data(), 0, bias, p * h, h);
    }
    String attention =
        g.msOp(
            "Attention",
            new String[] {
              x,
              g.weight(n.query() + ".qkv.weight", new FloatTensor(new long[] {h, 3L * h}, qkv)),
              g.weight(n.query() + ".qkv.bias", new FloatTensor(new long[] {3L * h}, bias)),
              mask32
            },
            Map.of("num_heads", (long) c.numAttentionHeads()));
    String projected = product(g, w, attention, n.attentionOutput());
    x = skipNorm(g, w, projected, x, n.attentionNorm(), n.attentionOutput());
    String inter = product(g, w, x, n.intermediate());
    String act =
        g.msOp(
            c.tanhGelu() ? "FastGelu" : "BiasGelu",
            new String[] {
              inter, g.weight(n.intermediate() + ".bias", w.get(n.intermediate() + ".bias"))
            },
            Map.of());
    String ff = product(g, w, act, n.output());
    return skipNorm(g, w, ff, x, n.outputNorm(), n.output());
  }

  /** LayerNorm({@code input + bias + skip}) in one kernel. */
  private static String skipNorm(
      GraphBuilder g, EncoderWeights w, String input, String skip, String norm, String biasOf) {
    return g.msOp(
        "SkipLayerNormalization",
        new String[] {
          input,
          skip,
          g.weight(norm + ".weight", w.get(norm + ".weight")),
          g.weight(norm + ".bias", w.get(norm + ".bias")),
          g.weight(biasOf + ".bias", w.get(biasOf + ".bias"))
        },
        Map.of("epsilon", w.config().layerNormEps()));
  }

  /** The encoder's dense layers, written as {@code quantization} says. */
  private record Dense(EncoderWeights w, Quantization quantization) {
    /** {@code x W^T + b} of the layer {@code name}. */
    String linear(GraphBuilder g, String x, String name) {
      FloatTensor weight = w.get(name + ".weight");
      FloatTensor bias = w.get(name + ".bias");
      return quantization == Quantization.INT8
          ? QuantizedMatMul.write(g, x, name, weight, bias)
          : EncoderGraph.linear(g, x, name, weight, bias);
    }
  }

  /** {@code x W^T} of the layer {@code name}, its bias left to the fused kernel that follows. */
  private static String product(GraphBuilder g, EncoderWeights w, String x, String name) {
    return g.op(
        "MatMul", x, g.weight(name + ".weight", OnnxFiles.transpose(w.get(name + ".weight"))));
  }

  /** {@code x W^T + b}, {@code weight [out, in]} (Hugging Face layout), stored transposed. */
  static String linear(
      GraphBuilder g, String x, String name, FloatTensor weight, FloatTensor bias) {
    String mm = g.op("MatMul", x, g.weight(name + ".weight", OnnxFiles.transpose(weight)));
    return g.op("Add", mm, g.weight(name + ".bias", bias));
  }

  private static String norm(GraphBuilder g, EncoderWeights w, String x, String name) {
    return g.op(
        "LayerNormalization",
        new String[] {
          x,
          g.weight(name + ".weight", w.get(name + ".weight")),
          g.weight(name + ".bias", w.get(name + ".bias"))
        },
        Map.of("axis", -1, "epsilon", w.config().layerNormEps()));
  }

  private static String gelu(GraphBuilder g, EncoderConfig c, String x) {
    String inner;
    if (c.tanhGelu()) {
      // 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))
      String cube = g.op("Mul", x, g.op("Mul", x, x));
      String poly = g.op("Add", x, g.op("Mul", cube, g.constant(0.044715f)));
      inner = g.op("Tanh", g.op("Mul", poly, g.constant((float) Math.sqrt(2 / Math.PI))));
    } else {
      // 0.5 x (1 + erf(x / sqrt 2)), the order ORT's GELU fusion recognises
      inner = g.op("Erf", g.op("Div", x, g.constant((float) Math.sqrt(2))));
    }
    return g.op("Mul", g.op("Mul", x, g.op("Add", inner, g.constant(1f))), g.constant(0.5f));
  }
}
