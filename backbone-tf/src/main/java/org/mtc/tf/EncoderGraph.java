package org.mtc.tf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.Pooling;
import org.mtc.core.model.EncoderConfig;
import org.mtc.core.model.EncoderLayout;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The BERT / DistilBERT encoder as a TensorFlow graph, written after Hugging Face's {@code
 * modeling_bert.py} and {@code modeling_distilbert.py} exactly as the DJL engine computes it:
 * post-LayerNorm layers, scaled dot-product attention with an additive padding mask {@code (1 -
 * mask) * -1e9}, exact (erf) or tanh GELU.
 *
 * <p>Feeds: {@link #ids} {@code [batch, seq]} int64 (padding id 0), {@link #types} {@code [batch,
 * seq]} int64 (token types: 0 for [CLS] context [SEP] and single sentences, 1 for text [SEP]; read
 * only by BERT), {@link #mask} {@code [batch, seq]} float32 (1 for real tokens), {@link #seed}
 * {@code [2]} int64 (dropout of the training forward; stateless, so the forward and the backward
 * run of one pass draw the same dropout masks). Outputs: {@link #hidden} {@code [batch, seq,
 * hidden]} and {@link #pooled} {@code [batch, hidden]} in inference mode, {@link #trainPooled} with
 * dropout. Weights are one {@code VariableV2} per Hugging Face tensor, named {@code w.<name>}, set
 * through {@link #initializers}. Built once by {@link TfBackbone}, which owns the graph.
 */
final class EncoderGraph {
  /** Added to the attention scores of padding keys; exp() of it is exactly 0 in fp32. */
  private static final float MASKED = -1e9f;

  final Ops tf;
  final Placeholder<TInt64> ids;
  final Placeholder<TInt64> types;
  final Placeholder<TFloat32> mask;
  final Placeholder<TInt64> seed;

  /** Variable, its initial-value feed and its read, by Hugging Face name. */
  final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();

  final Map<String, Placeholder<TFloat32>> initializers = new LinkedHashMap<>();
  final Map<String, Operand<TFloat32>> reads = new LinkedHashMap<>();
  final Map<String, Assign<TFloat32>> assigns = new LinkedHashMap<>();
  final Operand<TFloat32> hidden;
  final Operand<TFloat32> pooled;
  final Operand<TFloat32> trainPooled;

  private final EncoderConfig config;
  private final EncoderLayout layout;
  private final float dropout;
  private Operand<TInt64> shape2;
  private int dropoutCount;

  EncoderGraph(
      Graph graph,
      EncoderConfig config,
      Map<String, long[]> shapes,
      Pooling pooling,
      float dropout) {
    this.tf = Ops.create(graph);
    this.config = config;
    this.layout = new EncoderLayout(config);
    this.dropout = dropout;
    // Known ranks let TensorFlow's graph optimiser infer every shape (and keep its cost model
    // quiet).
    Shape batchBySeq = Shape.of(Shape.UNKNOWN_SIZE, Shape.UNKNOWN_SIZE);
    this.ids = tf.withName("input_ids").placeholder(TInt64.class, Placeholder.shape(batchBySeq));
    this.types =
        tf.withName("token_type_ids").placeholder(TInt64.class, Placeholder.shape(batchBySeq));
    this.mask =
        tf.withName("attention_mask").placeholder(TFloat32.class, Placeholder.shape(batchBySeq));
    this.seed =
        tf.withName("dropout_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
    for (var e : shapes.entrySet()) {
      String name = e.getKey();
      Variable<TFloat32> v =
          tf.withName("w." + name).variable(Shape.of(e.getValue()), TFloat32.class);
      Placeholder<TFloat32> init = tf.withName("init." + name).placeholder(TFloat32.class);
      variables.put(name, v);
      initializers.put(name, init);
      assigns.put(name, tf.assign(v, init));
      reads.put(name, tf.withName("read." + name).identity(v));
    }
    Operand<TFloat32> h3 = forward(false);
    this.hidden = tf.withName("hidden_states").identity(h3);
    this.pooled = tf.withName("pooled").identity(pool(h3, pooling));
    this.trainPooled = dropout > 0 ? pool(forward(true), pooling) : pooled;
  }

  /** The gradients of {@code sum(trainPooled * upstream)} with respect to {@code names}' reads. */
  Map<String, Output<?>> gradients(
      Graph graph, Placeholder<TFloat32> upstream, List<String> names) {
    Output<?>[] xs = new Output<?>[names.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = reads.get(names.get(i)).asOutput();
    }
    Output<?>[] grads =
        graph.addGradients(
            "gradients",
            new Output<?>[] {trainPooled.asOutput()},
            xs,
            new Output<?>[] {upstream.asOutput()});
    Map<String, Output<?>> out = new LinkedHashMap<>();
    for (int i = 0; i < xs.length; i++) {
      out.put(names.get(i), grads[i]);
    }
    return out;
  }

  /** Hidden states {@code [batch, seq, hidden]}; with dropout when {@code training}. */
  private Operand<TFloat32> forward(boolean training) {
    long h = config.hiddenSize();
    shape2 = tf.shape(ids, TInt64.class);
    Operand<TInt64> seqLen = tf.gather(shape2, tf.constant(1L), tf.constant(0));
    Operand<TFloat32> x = tf.gather(r(EncoderLayout.WORD_EMBEDDINGS), ids, tf.constant(0));
    Operand<TInt64> positions = tf.range(tf.constant(0L), seqLen, tf.constant(1L));
    x = tf.math.add(x, tf.gather(r(EncoderLayout.POSITION_EMBEDDINGS), positions, tf.constant(0)));
    if (layout.hasTokenTypes()) {
      x = tf.math.add(x, tf.gather(r(EncoderLayout.TOKEN_TYPE_EMBEDDINGS), types, tf.constant(0)));
    }
    x =
        tf.reshape(
            x, tf.constant(new long[] {-1, h})); // [batch * seq, hidden] between the attentions
    x = drop(norm(x, EncoderLayout.EMBEDDING_NORM), training);
    Operand<TFloat32> additive =
        tf.math.mul(tf.math.sub(tf.constant(1f), mask), tf.constant(MASKED));
    additive =
        tf.expandDims(
            tf.expandDims(additive, tf.constant(1)), tf.constant(1)); // [batch, 1, 1, seq]
    for (int l = 0; l < config.numHiddenLayers(); l++) {
      x = layer(x, layout.layer(l), additive, training);
    }
    return tf.reshape(x, tf.concat(List.of(shape2, tf.constant(new long[] {h})), tf.constant(0)));
  }

  private Operand<TFloat32> layer(
      Operand<TFloat32> x,
      EncoderLayout.LayerNames n,
      Operand<TFloat32> additive,
      boolean training) {
    int heads = config.numAttentionHeads();
    int size = config.headSize();
    Operand<TFloat32> q = heads(linear(x, n.query()));
    Operand<TFloat32> k = heads(linear(x, n.key()));
    Operand<TFloat32> v = heads(linear(x, n.value()));
    Operand<TFloat32> scores = tf.train.batchMatMul(q, k, TFloat32.class, BatchMatMul.adjY(true));
    scores = tf.math.add(tf.math.div(scores, tf.constant((float) Math.sqrt(size))), additive);
    Operand<TFloat32> probs = drop(tf.nn.softmax(scores), training);
    Operand<TFloat32> context = tf.train.batchMatMul(probs, v, TFloat32.class);
    context =
        tf.reshape(
            tf.linalg.transpose(context, tf.constant(new int[] {0, 2, 1, 3})),
            tf.constant(new long[] {-1, (long) heads * size}));
    Operand<TFloat32> attention = linear(context, n.attentionOutput());
    if (!config.distilbert()) {
      attention =
          drop(attention, training); // BertSelfOutput has dropout; DistilBERT's out_lin has none
    }
    x = norm(tf.math.add(attention, x), n.attentionNorm());
    Operand<TFloat32> ff = drop(linear(gelu(linear(x, n.intermediate())), n.output()), training);
    return norm(tf.math.add(ff, x), n.outputNorm());
  }

  /** {@code [batch * seq, heads * size]} to {@code [batch, heads, seq, size]}. */
  private Operand<TFloat32> heads(Operand<TFloat32> x) {
    Operand<TInt64> shape4 =
        tf.concat(
            List.of(
                shape2, tf.constant(new long[] {config.numAttentionHeads(), config.headSize()})),
            tf.constant(0));
    return tf.linalg.transpose(tf.reshape(x, shape4), tf.constant(new int[] {0, 2, 1, 3}));
  }

  /** Pools {@code [batch, seq, hidden]} into {@code [batch, hidden]} as the DJL engine does. */
  private Operand<TFloat32> pool(Operand<TFloat32> h3, Pooling pooling) {
    if (pooling == Pooling.CLS) {
      return tf.gather(h3, tf.constant(0), tf.constant(1));
    }
    Operand<TFloat32> m = tf.expandDims(mask, tf.constant(2));
    Operand<TFloat32> sum = tf.sum(tf.math.mul(h3, m), tf.constant(1));
    Operand<TFloat32> count = tf.math.maximum(tf.sum(m, tf.constant(1)), tf.constant(1e-9f));
    return tf.math.div(sum, count);
  }

  private Operand<TFloat32> r(String name) {
    return reads.get(name);
  }

  private Operand<TFloat32> linear(Operand<TFloat32> x, String name) {
    return tf.math.add(
        tf.linalg.matMul(x, r(name + ".weight"), MatMul.transposeB(true)), r(name + ".bias"));
  }

  private Operand<TFloat32> norm(Operand<TFloat32> x, String name) {
    Operand<TFloat32> centered = tf.math.sub(x, rowMean(x));
    Operand<TFloat32> variance = rowMean(tf.math.square(centered));
    Operand<TFloat32> normed =
        tf.math.mul(
            centered,
            tf.math.rsqrt(tf.math.add(variance, tf.constant((float) config.layerNormEps()))));
    return tf.math.add(tf.math.mul(normed, r(name + ".weight")), r(name + ".bias"));
  }

  /**
   * The mean over the hidden axis of {@code [rows, hidden]}, kept as {@code [rows, 1]}. A sum times
   * 1/hidden: TensorFlow's C++ gradient of {@code Mean} crashes in this build (libtensorflow 2.18,
   * TF Java 1.1.0).
   */
  private Operand<TFloat32> rowMean(Operand<TFloat32> x) {
    return tf.math.mul(
        tf.sum(x, tf.constant(1), Sum.keepDims(true)), tf.constant(1f / config.hiddenSize()));
  }

  private Operand<TFloat32> gelu(Operand<TFloat32> x) {
    if (!config.tanhGelu()) {
      Operand<TFloat32> erf = tf.math.erf(tf.math.mul(x, tf.constant((float) (1 / Math.sqrt(2)))));
      return tf.math.mul(tf.math.mul(x, tf.constant(0.5f)), tf.math.add(erf, tf.constant(1f)));
    }
    // 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))
    Operand<TFloat32> cube = tf.math.mul(tf.math.mul(x, x), x);
    Operand<TFloat32> inner =
        tf.math.mul(
            tf.math.add(x, tf.math.mul(cube, tf.constant(0.044715f))),
            tf.constant((float) Math.sqrt(2 / Math.PI)));
    return tf.math.mul(
        tf.math.mul(x, tf.math.add(tf.math.tanh(inner), tf.constant(1f))), tf.constant(0.5f));
  }

  /** Inverted dropout with a stateless mask drawn from {@link #seed} (each site its own stream). */
  private Operand<TFloat32> drop(Operand<TFloat32> x, boolean training) {
    if (!training || dropout <= 0) {
      return x;
    }
    Operand<TInt64> siteSeed = tf.math.add(seed, tf.constant(new long[] {0, ++dropoutCount}));
    Operand<TFloat32> u =
        tf.random.statelessRandomUniform(tf.shape(x, TInt64.class), siteSeed, TFloat32.class);
    Operand<TFloat32> keep =
        tf.dtypes.cast(tf.math.greaterEqual(u, tf.constant(dropout)), TFloat32.class);
    return tf.math.mul(tf.math.mul(x, keep), tf.constant(1f / (1f - dropout)));
  }

  /** Sum of all elements (a scalar), for the global gradient norm. */
  Operand<TFloat32> sumAll(Operand<TFloat32> x) {
    return tf.sum(tf.reshape(x, tf.constant(new long[] {-1})), tf.constant(0), Sum.keepDims(false));
  }

  int hiddenSize() {
    return config.hiddenSize();
  }

  /** Names in the stable order of {@link #variables}. */
  List<String> names() {
    return new ArrayList<>(variables.keySet());
  }
}
