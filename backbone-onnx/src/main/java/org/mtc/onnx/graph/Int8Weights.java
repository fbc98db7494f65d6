package org.mtc.onnx.graph;

import org.mtc.core.MtcException;
import org.mtc.core.io.FloatTensor;

/**
 * A weight matrix {@code [in, out]} (the layout MatMul reads) quantized symmetrically to int8 per
 * output channel: column {@code j} is stored as {@code round(w / scales[j])} clamped to [-127, 127]
 * with {@code scales[j] = max |w[., j]| / 127} (1 for an all-zero column), zero point 0. {@link
 * #dequantize} gives each element back within {@code scales[j] / 2}. Immutable once made.
 *
 * @param rows input features ({@code in})
 * @param cols output channels ({@code out})
 * @param values row-major {@code [rows, cols]}
 * @param scales one per output channel
 */
public record Int8Weights(int rows, int cols, byte[] values, float[] scales) {
  /** The largest magnitude stored: 127, so that the range is symmetric around zero point 0. */
  public static final int MAX = 127;

  /** Quantizes {@code weights}, a rank-2 {@code [in, out]} tensor. */
  public static Int8Weights quantize(FloatTensor weights) {
    long[] shape = weights.shape();
    if (shape.length != 2) {
      throw new MtcException(
          "int8 quantization takes a rank-2 [in, out] weight matrix, not shape "
              + java.util.Arrays.toString(shape));
    }
    int rows = (int) shape[0];
    int cols = (int) shape[1];
    float[] w = weights.data();
    float[] scales = new float[cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        scales[j] = Math.max(scales[j], Math.abs(w[i * cols + j]));
      }
    }
    for (int j = 0; j < cols; j++) {
      scales[j] = scales[j] == 0 ? 1f : scales[j] / MAX;
    }
    byte[] q = new byte[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        long v = Math.round(w[i * cols + j] / scales[j]);
        q[i * cols + j] = (byte) Math.max(-MAX, Math.min(MAX, v));
      }
    }
    return new Int8Weights(rows, cols, q, scales);
  }

  /** The fp32 matrix {@code [in, out]} these values stand for. */
  public FloatTensor dequantize() {
    float[] out = new float[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        out[i * cols + j] = values[i * cols + j] * scales[j];
      }
    }
    return new FloatTensor(new long[] {rows, cols}, out);
  }
}
