package org.mtc.onnx.graph;

import static org.mtc.onnx.proto.Onnx.TensorProto.DataType.FLOAT;

import java.util.Map;
import org.mtc.core.io.FloatTensor;
import org.mtc.onnx.importer.OnnxFiles;

/**
 * Writes {@code x W^T + b} with {@code W} quantized to int8 per output channel ({@link
 * Int8Weights}) and {@code x} quantized at run time, the ONNX form of dynamic quantization in
 * standard operators (any ONNX runtime): {@code DynamicQuantizeLinear(x) → (x_q uint8, x_scale,
 * x_zero_point)}, {@code MatMulInteger(x_q, W_q, x_zero_point)} (int32), {@code Cast} to float,
 * {@code Mul} by {@code x_scale · w_scale[column]}, {@code Add} the bias. ONNX Runtime fuses this
 * pattern into its own kernel: writing its contrib {@code com.microsoft.DynamicQuantizeMatMul}
 * directly measured the same within noise (all-MiniLM-L6-v2 with 4 heads: 1.02x at batch 32, 0.97x
 * at batch 1; docs/engines.md), so the portable form is the one written.
 *
 * <p>Initializers: {@code <name>}{@value #QUANTIZED} int8 {@code [in, out]}, {@code <name>}{@value
 * #SCALE} float {@code [out]} and {@code <name>.bias}. Stateless.
 */
public final class QuantizedMatMul {
  /** Suffix of the int8 initializer of a quantized layer ({@code [in, out]}, or a table's rows). */
  public static final String QUANTIZED = ".weight_quantized";

  /** Suffix of the per-channel scales of a quantized layer. */
  public static final String SCALE = ".weight_scale";

  private QuantizedMatMul() {}

  /**
   * Adds the quantized {@code x W^T + bias} to {@code g}.
   *
   * @param weight {@code [out, in]} (Hugging Face layout); stored transposed and quantized
   * @param bias {@code [out]}
   * @return the output's name, float {@code [.., out]}
   */
  static String write(GraphBuilder g, String x, String name, FloatTensor weight, FloatTensor bias) {
    Int8Weights q = Int8Weights.quantize(OnnxFiles.transpose(weight));
    String values = g.int8(name + QUANTIZED, q.values(), q.rows(), q.cols());
    String scales = g.weight(name + SCALE, new FloatTensor(new long[] {q.cols()}, q.scales()));
    String[] quantized = g.ops("DynamicQuantizeLinear", 3, x);
    String product = g.op("MatMulInteger", quantized[0], values, quantized[2]);
    String asFloat = g.op("Cast", new String[] {product}, Map.of("to", (long) FLOAT.getNumber()));
    String out = g.op("Mul", asFloat, g.op("Mul", quantized[1], scales));
    return g.op("Add", out, g.weight(name + ".bias", bias));
  }
}
