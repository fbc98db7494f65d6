package org.mtc.core.io;

import java.util.Arrays;
import org.mtc.core.MtcException;

/**
 * A dense fp32 tensor in row-major order, the unit of exchange for weights between engines and
 * files.
 *
 * @param shape dimensions, outermost first ({@code [out, in]} for a Hugging Face linear weight)
 * @param data {@code product(shape)} values; the record does not copy it, callers must not share
 *     and mutate
 */
public record FloatTensor(long[] shape, float[] data) {
  public FloatTensor {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (n != data.length) {
      throw new MtcException(
          "tensor shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
    }
  }

  public static FloatTensor of(float[][] matrix) {
    int rows = matrix.length;
    int cols = rows == 0 ? 0 : matrix[0].length;
    float[] flat = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(matrix[r], 0, flat, r * cols, cols);
    }
    return new FloatTensor(new long[] {rows, cols}, flat);
  }

  public static FloatTensor of(float[] vector) {
    return new FloatTensor(new long[] {vector.length}, vector.clone());
  }

  /** This rank-2 tensor as rows. */
  public float[][] toMatrix() {
    if (shape.length != 2) {
      throw new MtcException("expected a matrix, got shape " + Arrays.toString(shape));
    }
    int rows = (int) shape[0];
    int cols = (int) shape[1];
    float[][] m = new float[rows][cols];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(data, r * cols, m[r], 0, cols);
    }
    return m;
  }

  public boolean hasShape(long... expected) {
    return Arrays.equals(shape, expected);
  }

  public String shapeString() {
    return Arrays.toString(shape);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FloatTensor t
        && Arrays.equals(t.shape, shape)
        && Arrays.equals(t.data, data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(shape) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "FloatTensor" + shapeString();
  }
}
