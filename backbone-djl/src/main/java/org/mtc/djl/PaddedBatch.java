package org.mtc.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.mtc.core.SentencePair;
import org.mtc.tokenizers.PaddedRows;

/**
 * {@link PaddedRows} as NDArrays owned by the manager they were created in: {@code ids [batch,
 * seq]} int64 (padding id 0), {@code types [batch, seq]} int64 (token types, 0 for single sentences
 * and padding) and {@code mask [batch, seq]} float32 (1 for real tokens, 0 for padding).
 */
record PaddedBatch(NDArray ids, NDArray types, NDArray mask) {
  static PaddedBatch of(SentencePair.Batch rows, NDManager manager) {
    return of(PaddedRows.of(rows), manager);
  }

  static PaddedBatch of(PaddedRows rows, NDManager manager) {
    Shape shape = new Shape(rows.batch(), rows.seq());
    return new PaddedBatch(
        manager.create(rows.ids(), shape),
        manager.create(rows.types(), shape),
        manager.create(rows.mask(), shape));
  }

  /** Rows of a {@code [batch, width]} array. */
  static float[][] rows(NDArray matrix) {
    int batch = (int) matrix.getShape().get(0);
    int width = (int) matrix.getShape().get(1);
    float[] flat = matrix.toFloatArray();
    float[][] out = new float[batch][width];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(flat, b * width, out[b], 0, width);
    }
    return out;
  }
}
