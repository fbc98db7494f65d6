package org.mtc.onnx.graph;

import static org.mtc.onnx.proto.Onnx.TensorProto.DataType.FLOAT;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.core.OutputActivation;
import org.mtc.core.TaskHead;
import org.mtc.core.io.FloatTensor;

/**
 * Writes task heads over a pooled value {@code [batch, hidden]}: per head the optional pooler
 * (MatMul + Add + Tanh), the classifier (MatMul + Add) and the operator of its kind's {@link
 * OutputActivation} (Softmax for single-label, Sigmoid for multi-label, Identity), giving one graph
 * output named after the task, probabilities {@code [batch, labels]}. Reads each head's {@link
 * TaskHead#state()} ({@code pooler.*}, {@code classifier.*}, Hugging Face layout {@code [out,
 * in]}). Stateless.
 */
public final class HeadsGraph {
  private HeadsGraph() {}

  /**
   * Adds every head of {@code heads} over {@code pooled}; returns task → output name (the task
   * name).
   */
  public static Map<String, String> build(
      GraphBuilder g, String pooled, int hidden, List<TaskHead> heads) {
    return build(g, pooled, hidden, heads, Quantization.NONE);
  }

  /**
   * As {@link #build(GraphBuilder, String, int, List)}; {@link Quantization#INT8} writes each
   * pooler (hidden x hidden, most of a head's bytes) as a {@link QuantizedMatMul}. The classifiers
   * stay fp32: they are small and decide the labels.
   */
  public static Map<String, String> build(
      GraphBuilder g, String pooled, int hidden, List<TaskHead> heads, Quantization quantization) {
    Map<String, String> out = new LinkedHashMap<>();
    for (TaskHead head : heads) {
      String task = head.task();
      if (task.equals(EncoderGraph.POOLED)
          || task.equals(EncoderGraph.HIDDEN)
          || out.containsKey(task)) {
        throw new MtcException(
            "cannot export task '"
                + task
                + "': its output name collides with another output; "
                + "rename the task in tasks.conf");
      }
      if (head.inputSize() != hidden) {
        throw new MtcException(
            "head of task '"
                + task
                + "' reads "
                + head.inputSize()
                + " inputs but the encoder's "
                + "pooled size is "
                + hidden);
      }
      Map<String, FloatTensor> s = head.state();
      String x = pooled;
      if (s.containsKey("pooler.weight")) {
        String name = task + ".pooler";
        x =
            g.op(
                "Tanh",
                quantization == Quantization.INT8
                    ? QuantizedMatMul.write(
                        g, x, name, s.get("pooler.weight"), s.get("pooler.bias"))
                    : EncoderGraph.linear(
                        g, x, name, s.get("pooler.weight"), s.get("pooler.bias")));
      }
      String logits =
          EncoderGraph.linear(
              g, x, task + ".classifier", s.get("classifier.weight"), s.get("classifier.bias"));
      String probs = activation(g, task, logits, head.kind().activation());
      g.output(probs, FLOAT, "batch", head.labels().size());
      out.put(task, probs);
    }
    return out;
  }

  /** The ONNX operator of {@code activation} over {@code logits}, its output named {@code task}. */
  static String activation(
      GraphBuilder g, String task, String logits, OutputActivation activation) {
    String[] in = {logits};
    return switch (activation) {
      case SOFTMAX -> g.opNamed(task, "Softmax", in, Map.of("axis", -1));
      case SIGMOID -> g.opNamed(task, "Sigmoid", in, Map.of());
      case IDENTITY -> g.opNamed(task, "Identity", in, Map.of());
    };
  }
}
