package org.mtc.onnx.graph;

import static org.mtc.onnx.proto.Onnx.TensorProto.DataType.FLOAT;

import java.util.Map;
import org.mtc.core.io.FloatTensor;

/**
 * Writes an embedding lookup from a table quantized to int8 per row ({@link
 * Int8Weights#quantizeRows}): {@code Gather} the int8 rows and their scales by id, {@code Cast} to
 * float and {@code Mul}, so only the looked-up rows are dequantized. The word embeddings are most
 * of a small encoder's file (30522 x 384 floats of all-MiniLM-L6-v2's 90 MB); this stores them in a
 * quarter of the bytes. Initializers {@code <name>}{@value QuantizedMatMul#QUANTIZED} int8 {@code
 * [vocabulary, hidden]} and {@code <name>}{@value QuantizedMatMul#SCALE} float {@code
 * [vocabulary]}. Stateless.
 */
final class QuantizedGather {
  private QuantizedGather() {}

  /**
   * The rows of {@code table} ({@code [vocabulary, hidden]}) at {@code ids}: float {@code [..,
   * hidden]}.
   */
  static String write(GraphBuilder g, String name, FloatTensor table, String ids) {
    Int8Weights q = Int8Weights.quantizeRows(table);
    String values = g.int8(name + QuantizedMatMul.QUANTIZED, q.values(), q.rows(), q.cols());
    String scales =
        g.weight(name + QuantizedMatMul.SCALE, new FloatTensor(new long[] {q.rows()}, q.scales()));
    String rows =
        g.op(
            "Cast",
            new String[] {g.op("Gather", values, ids)},
            Map.of("to", (long) FLOAT.getNumber()));
    String rowScales = g.op("Unsqueeze", g.op("Gather", scales, ids), g.ints(false, -1));
    return g.op("Mul", rows, rowScales);
  }
}
