package org.mtc.onnx.importer;

import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mtc.core.MtcException;
import org.mtc.core.model.EncoderConfig;
import org.mtc.onnx.proto.Onnx.AttributeProto;
import org.mtc.onnx.proto.Onnx.GraphProto;
import org.mtc.onnx.proto.Onnx.NodeProto;
import org.mtc.onnx.proto.Onnx.TensorProto;

/**
 * Reads the architecture of a BERT encoder from its ONNX graph, so that one importer serves every
 * BERT-family export: vocabulary, hidden size, positions and token types from the embedding tables'
 * shapes, layers from the {@code encoder.layer.N.} initializer names, the intermediate size from
 * the first feed-forward bias, the number of heads from the attention scale {@code sqrt(head size)}
 * (the constant that divides {@code Q K^T}), the LayerNorm epsilon from a {@code
 * LayerNormalization} node or the constant added to the variance, and the activation from the ops
 * ({@code Erf}: exact GELU, {@code Tanh}: its approximation). Stateless and thread-safe.
 */
public final class BertGraphArchitecture {
  private static final Pattern LAYER = Pattern.compile("^encoder\\.layer\\.(\\d+)\\.");

  private BertGraphArchitecture() {}

  /**
   * The architecture of {@code graph}.
   *
   * @param where names the graph in error messages
   * @throws MtcException naming what a BERT graph has and this one lacks
   */
  public static EncoderConfig read(GraphProto graph, String where) {
    Map<String, TensorProto> init = OnnxFiles.initializers(graph);
    TensorProto words = table(init, "embeddings.word_embeddings.weight", where);
    TensorProto positions = table(init, "embeddings.position_embeddings.weight", where);
    TensorProto types = table(init, "embeddings.token_type_embeddings.weight", where);
    int hidden = (int) words.getDims(1);
    int layers = 0;
    for (String name : init.keySet()) {
      Matcher m = LAYER.matcher(name);
      if (m.find()) {
        layers = Math.max(layers, Integer.parseInt(m.group(1)) + 1);
      }
    }
    if (layers == 0) {
      throw notBert(where, "no initializer named encoder.layer.N.* (the transformer layers)");
    }
    TensorProto up = init.get("encoder.layer.0.intermediate.dense.bias");
    if (up == null || up.getDimsCount() != 1) {
      throw notBert(
          where,
          "no vector initializer 'encoder.layer.0.intermediate.dense.bias' (the feed-forward "
              + "size)");
    }
    int heads = heads(graph, hidden, where);
    return new EncoderConfig(
        "bert",
        (int) words.getDims(0),
        hidden,
        layers,
        heads,
        (int) up.getDims(0),
        (int) positions.getDims(0),
        (int) types.getDims(0),
        epsilon(graph, where),
        activation(graph, where));
  }

  private static TensorProto table(Map<String, TensorProto> init, String name, String where) {
    TensorProto t = init.get(name);
    if (t == null || t.getDimsCount() != 2) {
      throw notBert(
          where,
          t == null
              ? "no initializer '" + name + "'"
              : "'" + name + "' has rank " + t.getDimsCount() + ", not 2");
    }
    return t;
  }

  /**
   * hidden / head size, where head size is the square of the scalar that divides the attention
   * scores.
   */
  private static int heads(GraphProto graph, int hidden, String where) {
    Map<String, Float> scalars = scalars(graph);
    Map<String, NodeProto> producer = new HashMap<>();
    graph.getNodeList().forEach(n -> n.getOutputList().forEach(o -> producer.put(o, n)));
    Set<String> weights = OnnxFiles.initializers(graph).keySet();
    for (NodeProto n : graph.getNodeList()) {
      if (!n.getOpType().equals("Div")
          || n.getInputCount() != 2
          || !scalars.containsKey(n.getInput(1))) {
        continue;
      }
      NodeProto scores = producer.get(n.getInput(0));
      if (scores == null
          || !scores.getOpType().equals("MatMul")
          || scores.getInputList().stream().anyMatch(weights::contains)) {
        continue;
      }
      double scale = scalars.get(n.getInput(1));
      long headSize = Math.round(scale * scale);
      if (headSize < 1 || hidden % headSize != 0 || Math.abs(Math.sqrt(headSize) - scale) > 1e-3) {
        throw notBert(
            where,
            "the attention scores of node '"
                + n.getName()
                + "' are divided by "
                + scale
                + ", which is not the square root of a head size dividing hidden size "
                + hidden);
      }
      return (int) (hidden / headSize);
    }
    throw notBert(
        where,
        "no attention: no Div node scales a MatMul of two activations (Q K^T) by a constant "
            + "sqrt(head size), so the number of heads cannot be read");
  }

  private static double epsilon(GraphProto graph, String where) {
    for (NodeProto n : graph.getNodeList()) {
      if (n.getOpType().equals("LayerNormalization")) {
        for (AttributeProto a : n.getAttributeList()) {
          if (a.getName().equals("epsilon")) {
            return tidy(a.getF());
          }
        }
        return 1e-5; // the ONNX default
      }
    }
    Map<String, Float> scalars = scalars(graph);
    Map<String, NodeProto> producer = new HashMap<>();
    graph.getNodeList().forEach(n -> n.getOutputList().forEach(o -> producer.put(o, n)));
    for (NodeProto n : graph.getNodeList()) {
      if (n.getOpType().equals("Add")
          && n.getInputCount() == 2
          && scalars.containsKey(n.getInput(1))
          && producer.containsKey(n.getInput(0))
          && producer.get(n.getInput(0)).getOpType().equals("ReduceMean")) {
        return tidy(scalars.get(n.getInput(1)));
      }
    }
    throw notBert(
        where,
        "no LayerNorm: neither a LayerNormalization node nor a variance (ReduceMean) plus a "
            + "constant epsilon");
  }

  private static String activation(GraphProto graph, String where) {
    boolean erf = graph.getNodeList().stream().anyMatch(n -> n.getOpType().equals("Erf"));
    if (erf) {
      return "gelu";
    }
    if (graph.getNodeList().stream().anyMatch(n -> n.getOpType().equals("Tanh"))) {
      return "gelu_new";
    }
    throw notBert(
        where,
        "no GELU: the graph has neither an Erf node (exact GELU) nor a Tanh node (its "
            + "approximation)");
  }

  /** A float read back from fp32 as the decimal it was written as (1e-12f to 1e-12). */
  private static double tidy(float f) {
    return Double.parseDouble(Float.toString(f));
  }

  /** Scalar (one-element) fp32 constants, from Constant nodes and initializers, by output name. */
  private static Map<String, Float> scalars(GraphProto graph) {
    Map<String, Float> out = new HashMap<>();
    for (TensorProto t : graph.getInitializerList()) {
      scalar(t).ifPresent(v -> out.put(t.getName(), v));
    }
    for (NodeProto n : graph.getNodeList()) {
      if (n.getOpType().equals("Constant") && n.getOutputCount() == 1) {
        n.getAttributeList().stream()
            .filter(a -> a.getName().equals("value") && a.hasT())
            .findFirst()
            .flatMap(a -> scalar(a.getT()))
            .ifPresent(v -> out.put(n.getOutput(0), v));
      }
    }
    return out;
  }

  private static Optional<Float> scalar(TensorProto t) {
    if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE
        || t.getDimsList().stream().anyMatch(d -> d != 1)) {
      return Optional.empty();
    }
    if (t.getFloatDataCount() == 1) {
      return Optional.of(t.getFloatData(0));
    }
    if (t.getRawData().size() == 4) {
      return Optional.of(
          t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getFloat());
    }
    return Optional.empty();
  }

  private static MtcException notBert(String where, String what) {
    return new MtcException(
        where
            + " is not a BERT encoder graph: "
            + what
            + "; mtc imports BERT-family "
            + "encoders exported by torch.onnx (embeddings.*, encoder.layer.N.* initializers, GELU, LayerNorm)");
  }
}
