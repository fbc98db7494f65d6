package org.mtc.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Token ids padded to the longest text of a batch, with the attention mask, as NDArrays owned by the manager they
 * were created in: {@code ids [batch, seq]} int64 (padding id 0), {@code types [batch, seq]} int64 (token types, 0
 * for single sentences and padding) and {@code mask [batch, seq]} float32 (1 for real tokens, 0 for padding).
 */
record PaddedBatch(NDArray ids, NDArray types, NDArray mask) {
  /** Single sentences: every token type 0. */
  static PaddedBatch of(long[][] tokens, NDManager manager) {
    return of(org.mtc.core.SentencePair.Batch.singles(tokens), manager);
  }

  static PaddedBatch of(org.mtc.core.SentencePair.Batch rows, NDManager manager) {
    long[][] tokens = rows.ids();
    int batch = tokens.length;
    int seq = 1;
    for (long[] t : tokens) {
      seq = Math.max(seq, t.length);
    }
    long[] ids = new long[batch * seq];
    long[] types = new long[batch * seq];
    float[] mask = new float[batch * seq];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(tokens[b], 0, ids, b * seq, tokens[b].length);
      System.arraycopy(rows.typeIds()[b], 0, types, b * seq, tokens[b].length);
      java.util.Arrays.fill(mask, b * seq, b * seq + tokens[b].length, 1f);
    }
    Shape shape = new Shape(batch, seq);
    return new PaddedBatch(manager.create(ids, shape), manager.create(types, shape), manager.create(mask, shape));
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
