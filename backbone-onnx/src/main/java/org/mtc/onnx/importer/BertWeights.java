package org.mtc.onnx.importer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.model.EncoderConfig;
import org.mtc.core.model.EncoderLayout;
import org.mtc.onnx.proto.Onnx.GraphProto;
import org.mtc.onnx.proto.Onnx.NodeProto;
import org.mtc.onnx.proto.Onnx.TensorProto;

/**
 * Recovers Hugging Face BERT weights from a BERT graph exported to ONNX by {@code torch.onnx}:
 * initializers that kept their HF names are taken as they are; each anonymous {@code MatMul} weight
 * ({@code onnx::MatMul_N}, stored {@code [in, out]}) is named after the {@code .bias} initializer
 * of the {@code Add} node that consumes the MatMul's output and transposed to HF's {@code [out,
 * in]}. Stateless and thread-safe.
 */
public final class BertWeights {
  private BertWeights() {}

  /**
   * Every tensor a Hugging Face {@code BertModel} checkpoint without pooler holds for {@code
   * config}, with its shape, in checkpoint order.
   */
  public static Map<String, long[]> expectedShapes(EncoderConfig config) {
    return new EncoderLayout(config).expectedShapes();
  }

  /**
   * The HF-named weights of {@code graph}, exactly the tensors of {@link #expectedShapes}, each
   * checked against its expected shape.
   *
   * @param where names the model in error messages
   * @throws MtcException naming the MatMul that cannot be named, or the tensor that is missing or
   *     misshaped
   */
  public static Map<String, FloatTensor> extract(
      GraphProto graph, EncoderConfig config, String where) {
    Map<String, TensorProto> init = OnnxFiles.initializers(graph);
    Map<String, String> matMulNames = nameMatMulWeights(graph, init, where);
    Map<String, String> sourceOf = new HashMap<>();
    matMulNames.forEach((onnxName, hfName) -> sourceOf.put(hfName, onnxName));
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    for (var e : expectedShapes(config).entrySet()) {
      String name = e.getKey();
      FloatTensor t;
      if (sourceOf.containsKey(name)) {
        t = OnnxFiles.transpose(OnnxFiles.toFloatTensor(init.get(sourceOf.get(name)), where));
      } else if (init.containsKey(name)) {
        t = OnnxFiles.toFloatTensor(init.get(name), where);
      } else {
        throw new MtcException(
            where
                + ": expected tensor '"
                + name
                + "' is missing (no initializer has that "
                + "name and no MatMul weight feeds an Add with its bias); the graph is not a "
                + config.numHiddenLayers()
                + "-layer BERT with hidden size "
                + config.hiddenSize()
                + " as exported by torch.onnx");
      }
      if (!t.hasShape(e.getValue())) {
        throw new MtcException(
            where
                + ": tensor '"
                + name
                + "' has shape "
                + t.shapeString()
                + " (HF layout), "
                + "expected "
                + Arrays.toString(e.getValue())
                + "; the graph does not match the "
                + "architecture "
                + config);
      }
      out.put(name, t);
    }
    return out;
  }

  /**
   * HF names of the anonymous MatMul weights: for each {@code MatMul} whose second input is a
   * rank-2 initializer without an HF name, the {@code .bias} operand of the {@code Add} that
   * consumes its output, with {@code .bias} replaced by {@code .weight}.
   *
   * @return ONNX initializer name to HF weight name
   */
  static Map<String, String> nameMatMulWeights(
      GraphProto graph, Map<String, TensorProto> init, String where) {
    Map<String, NodeProto> addByInput = addNodesByInput(graph);
    Map<String, String> names = new LinkedHashMap<>();
    for (NodeProto n : graph.getNodeList()) {
      if (!n.getOpType().equals("MatMul")
          || n.getInputCount() != 2
          || !init.containsKey(n.getInput(1))
          || init.get(n.getInput(1)).getDimsCount() != 2
          || n.getInput(1).endsWith(".weight")) {
        continue;
      }
      String weight = n.getInput(1);
      NodeProto add = addByInput.get(n.getOutput(0));
      String bias =
          add == null
              ? null
              : add.getInputList().stream()
                  .filter(
                      in ->
                          !in.equals(n.getOutput(0))
                              && init.containsKey(in)
                              && in.endsWith(".bias"))
                  .findFirst()
                  .orElse(null);
      if (bias == null) {
        throw new MtcException(
            where
                + ": cannot name MatMul weight '"
                + weight
                + "' of node '"
                + n.getName()
                + "': its output '"
                + n.getOutput(0)
                + "' feeds "
                + (add == null
                    ? "no Add node"
                    : "Add node '" + add.getName() + "' with no '.bias' initializer operand")
                + "; mtc imports BERT graphs exported by torch.onnx without graph optimisation (no fused MatMul+Add)");
      }
      String hfName = bias.substring(0, bias.length() - ".bias".length()) + ".weight";
      String previous = names.values().stream().filter(hfName::equals).findFirst().orElse(null);
      if (previous != null) {
        throw new MtcException(
            where
                + ": two MatMul weights would both be named '"
                + hfName
                + "' (the second is '"
                + weight
                + "'); the graph shares a bias between linear layers, which BERT does not");
      }
      names.put(weight, hfName);
    }
    return names;
  }

  /**
   * Each {@code Add} node of {@code graph} by its inputs (the last Add wins an input they share).
   */
  private static Map<String, NodeProto> addNodesByInput(GraphProto graph) {
    Map<String, NodeProto> addByInput = new HashMap<>();
    for (NodeProto n : graph.getNodeList()) {
      if (n.getOpType().equals("Add")) {
        for (String in : n.getInputList()) {
          addByInput.put(in, n);
        }
      }
    }
    return addByInput;
  }
}
