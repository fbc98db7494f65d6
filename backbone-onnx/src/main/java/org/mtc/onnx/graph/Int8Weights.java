package org.mtc.onnx.graph;

import org.mtc.core.MtcException;
import org.mtc.core.io.FloatTensor;

/**
 * A weight matrix quantized symmetrically to int8 along one axis: each channel {@code c} (a column
 * for {@code axis} 1, the output channels of an {@code [in, out]} MatMul weight; a row for {@code
 * axis} 0, the vectors of an embedding table) is stored as {@code round(w / scales[c])} clamped to
 * [-127, 127] with {@code scales[c] = max |w in c| / 127} (1 for an all-zero channel), zero point
 * 0. {@link #dequantize} gives each element back within {@code scales[c] / 2}. Immutable once made.
 *
 * @param rows first dimension
 * @param cols second dimension
 * @param values row-major {@code [rows, cols]}
 * @param scales one per channel: {@code cols} of them for axis 1, {@code rows} for axis 0
 * @param axis 1: per column, 0: per row
 */
public record Int8Weights(int rows, int cols, byte[] values, float[] scales, int axis) {
  /** The largest magnitude stored: 127, so that the range is symmetric around zero point 0. */
  public static final int MAX = 127;

  /** Quantizes {@code weights}, a rank-2 {@code [in, out]} tensor, per output channel (column). */
  public static Int8Weights quantize(FloatTensor weights) {
    return quantize(weights, 1);
  }

  /** Quantizes {@code table}, a rank-2 {@code [vocabulary, hidden]} tensor, per row. */
  public static Int8Weights quantizeRows(FloatTensor table) {
    return quantize(table, 0);
  }

  private static Int8Weights quantize(FloatTensor weights, int axis) {
    long[] shape = weights.shape();
    if (shape.length != 2) {
      throw new MtcException(
          "int8 quantization takes a rank-2 weight matrix ([in, out] or [vocabulary, hidden]), "
              + "not shape "
              + java.util.Arrays.toString(shape));
    }
    int rows = (int) shape[0];
    int cols = (int) shape[1];
    float[] w = weights.data();
    float[] scales = new float[axis == 1 ? cols : rows];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        int c = axis == 1 ? j : i;
        scales[c] = Math.max(scales[c], Math.abs(w[i * cols + j]));
      }
    }
    for (int c = 0; c < scales.length; c++) {
      scales[c] = scales[c] == 0 ? 1f : scales[c] / MAX;
    }
    byte[] q = new byte[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        long v = Math.round(w[i * cols + j] / scales[axis == 1 ? j : i]);
        q[i * cols + j] = (byte) Math.max(-MAX, Math.min(MAX, v));
      }
    }
    return new Int8Weights(rows, cols, q, scales, axis);
  }

  /** The fp32 matrix these values stand for. */
  public FloatTensor dequantize() {
    float[] out = new float[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        out[i * cols + j] = values[i * cols + j] * scales[axis == 1 ? j : i];
      }
    }
    return new FloatTensor(new long[] {rows, cols}, out);
  }
}
