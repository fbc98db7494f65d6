package org.mtc.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mtc.core.Pooling;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.model.EncoderConfig;
import org.mtc.core.model.EncoderLayout;

/**
 * The BERT / DistilBERT encoder as DJL NDArray operations (embedding, linear, layer norm, GELU,
 * dropout), written after Hugging Face's {@code modeling_bert.py} and {@code
 * modeling_distilbert.py}: post-LayerNorm layers, scaled dot-product attention with an additive
 * padding mask, exact (erf) or tanh GELU.
 *
 * <p>Input: token ids {@code [batch, seq]} (int64), token types {@code [batch, seq]} (int64, 0 or
 * 1; read only by BERT, which has token type embeddings) and attention mask {@code [batch, seq]}
 * (float32, 1 for real tokens). Output: hidden states {@code [batch, seq, hidden]}. The parameters
 * are owned by the manager given to the constructor and named as in the Hugging Face checkpoint.
 * Results of {@link #forward} belong to the caller's {@link ai.djl.ndarray.NDScope}/manager.
 * Forward passes may run concurrently; parameter updates must not.
 *
 * <p>Arrays a recorded (training) forward reads must outlive its backward. On CPU, DJL's {@code
 * manager.create} wraps Java data in a tensor over a direct buffer that only the Java array keeps
 * alive ({@code torch::from_blob}); autograd saves operands such as a divisor or a mask by
 * reference, so once the Java array is closed the garbage collector may free the memory that
 * backward then reads: wrong, sometimes NaN, gradients. Hence the forward never uses DJL's number
 * overloads ({@code x.div(2f)} creates the number as such an array and closes it at once) but the
 * {@link #constant constants} this encoder owns, and the caller keeps the input batch open until
 * backward.
 */
final class Encoder {
  /** Added to the attention scores of padding keys; exp() of it is exactly 0 in fp32. */
  private static final float MASKED = -1e9f;

  private final EncoderConfig config;
  private final EncoderLayout layout;
  private final Map<String, NDArray> parameters;

  /**
   * Scalar operands of the forward, {@code []} float32, by value; created once, closed with the
   * manager.
   */
  private final Map<Float, NDArray> constants = new LinkedHashMap<>();

  Encoder(EncoderConfig config, Map<String, FloatTensor> weights, NDManager manager) {
    this.config = config;
    this.layout = new EncoderLayout(config);
    this.parameters = new LinkedHashMap<>();
    for (var e : weights.entrySet()) {
      NDArray a = manager.create(e.getValue().data(), new Shape(e.getValue().shape()));
      a.setName(e.getKey());
      parameters.put(e.getKey(), a);
    }
    float[] scalars = {
      1f,
      MASKED,
      (float) Math.sqrt(config.headSize()), // attention
      3f,
      0.044715f,
      (float) Math.sqrt(2 / Math.PI),
      0.5f
    }; // tanh GELU
    for (float value : scalars) {
      constants.put(value, manager.create(value));
    }
  }

  EncoderConfig config() {
    return config;
  }

  /** Parameters by Hugging Face name, in checkpoint order; live arrays, not copies. */
  Map<String, NDArray> parameters() {
    return parameters;
  }

  /** The current weights as host copies, by Hugging Face name. */
  Map<String, FloatTensor> snapshot() {
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    parameters.forEach(
        (name, a) -> out.put(name, new FloatTensor(a.getShape().getShape(), a.toFloatArray())));
    return out;
  }

  long parameterCount() {
    return parameters.values().stream().mapToLong(a -> a.getShape().size()).sum();
  }

  /**
   * Hidden states {@code [batch, seq, hidden]}.
   *
   * @param dropout dropout rate, applied only when {@code training}
   */
  NDArray forward(PaddedBatch batch, boolean training, float dropout) {
    return forward(batch.ids(), batch.types(), batch.mask(), training, dropout);
  }

  /**
   * Hidden states {@code [batch, seq, hidden]}.
   *
   * @param types token types {@code [batch, seq]}: 0 for [CLS] context [SEP] (and single
   *     sentences), 1 for text [SEP]
   * @param dropout dropout rate, applied only when {@code training}
   */
  NDArray forward(NDArray ids, NDArray types, NDArray mask, boolean training, float dropout) {
    long batch = ids.getShape().get(0);
    long seq = ids.getShape().get(1);
    NDManager m = ids.getManager();
    NDArray x =
        Embedding.embedding(ids, p(EncoderLayout.WORD_EMBEDDINGS), SparseFormat.DENSE)
            .singletonOrThrow();
    NDArray positions = m.arange(0, (int) seq, 1, DataType.INT64);
    x =
        x.add(
            Embedding.embedding(positions, p(EncoderLayout.POSITION_EMBEDDINGS), SparseFormat.DENSE)
                .singletonOrThrow());
    if (layout.hasTokenTypes()) {
      x =
          x.add(
              Embedding.embedding(types, p(EncoderLayout.TOKEN_TYPE_EMBEDDINGS), SparseFormat.DENSE)
                  .singletonOrThrow());
    }
    x = norm(x, EncoderLayout.EMBEDDING_NORM);
    x = drop(x, training, dropout);
    NDArray additiveMask =
        mask.sub(constant(1f)).neg().mul(constant(MASKED)).reshape(batch, 1, 1, seq);
    for (int l = 0; l < config.numHiddenLayers(); l++) {
      x = layer(x, layout.layer(l), additiveMask, training, dropout);
    }
    return x;
  }

  private NDArray layer(
      NDArray x,
      EncoderLayout.LayerNames n,
      NDArray additiveMask,
      boolean training,
      float dropout) {
    long batch = x.getShape().get(0);
    long seq = x.getShape().get(1);
    int heads = config.numAttentionHeads();
    int headSize = config.headSize();
    NDArray q = heads(linear(x, n.query()), batch, seq, heads, headSize);
    NDArray k = heads(linear(x, n.key()), batch, seq, heads, headSize);
    NDArray v = heads(linear(x, n.value()), batch, seq, heads, headSize);
    NDArray scores =
        q.matMul(k.transpose(0, 1, 3, 2))
            .div(constant((float) Math.sqrt(headSize)))
            .add(additiveMask);
    NDArray probs = drop(scores.softmax(-1), training, dropout);
    NDArray context =
        probs.matMul(v).transpose(0, 2, 1, 3).reshape(batch, seq, (long) heads * headSize);
    NDArray attention = linear(context, n.attentionOutput());
    if (!config.distilbert()) {
      attention =
          drop(
              attention, training,
              dropout); // BertSelfOutput has dropout; DistilBERT's out_lin has none
    }
    x = norm(attention.add(x), n.attentionNorm());
    NDArray ff = linear(gelu(linear(x, n.intermediate())), n.output());
    ff = drop(ff, training, dropout);
    return norm(ff.add(x), n.outputNorm());
  }

  /** {@code [batch, seq, heads * size]} to {@code [batch, heads, seq, size]}. */
  private static NDArray heads(NDArray x, long batch, long seq, int heads, int size) {
    return x.reshape(batch, seq, heads, size).transpose(0, 2, 1, 3);
  }

  /**
   * Pools hidden states {@code [batch, seq, hidden]} into {@code [batch, hidden]}.
   *
   * @param mask {@code [batch, seq]} float, 1 for real tokens
   */
  static NDArray pool(NDArray hidden, NDArray mask, Pooling pooling) {
    if (pooling == Pooling.CLS) {
      return hidden.get(new NDIndex(":, 0, :"));
    }
    NDArray m = mask.expandDims(2);
    NDArray sum = hidden.mul(m).sum(new int[] {1});
    NDArray count = m.sum(new int[] {1}).clip(1e-9f, Float.MAX_VALUE);
    return sum.div(count);
  }

  /**
   * The array of {@code value} owned by this encoder (see the class comment for why not {@code
   * x.mul(value)}).
   */
  private NDArray constant(float value) {
    NDArray c = constants.get(value);
    if (c == null) {
      throw new IllegalStateException(
          "no encoder constant " + value + "; add it to the constructor's list");
    }
    return c;
  }

  private NDArray p(String name) {
    return parameters.get(name);
  }

  private NDArray linear(NDArray x, String name) {
    return Linear.linear(x, p(name + ".weight"), p(name + ".bias")).singletonOrThrow();
  }

  private NDArray norm(NDArray x, String name) {
    return LayerNorm.layerNorm(
            x,
            new Shape(config.hiddenSize()),
            p(name + ".weight"),
            p(name + ".bias"),
            (float) config.layerNormEps())
        .singletonOrThrow();
  }

  private NDArray gelu(NDArray x) {
    if (!config.tanhGelu()) {
      return Activation.gelu(x); // PyTorch's default GELU is the exact erf form
    }
    // 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))
    NDArray cubic = x.pow(constant(3f)).mul(constant(0.044715f));
    NDArray inner = x.add(cubic).mul(constant((float) Math.sqrt(2 / Math.PI)));
    return x.mul(inner.tanh().add(constant(1f))).mul(constant(0.5f));
  }

  private static NDArray drop(NDArray x, boolean training, float rate) {
    if (!training || rate <= 0) {
      return x;
    }
    return Dropout.dropout(x, rate, true).singletonOrThrow();
  }
}
