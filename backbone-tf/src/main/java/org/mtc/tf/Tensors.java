package org.mtc.tf;

import org.mtc.core.io.FloatTensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** Conversions between Java arrays and TensorFlow tensors; the caller closes every tensor returned. */
final class Tensors {
  private Tensors() {
  }

  static TFloat32 of(FloatTensor t) {
    return TFloat32.tensorOf(Shape.of(t.shape()), DataBuffers.of(t.data(), true, false));
  }

  static TFloat32 of(float[] data, long... shape) {
    return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(data, true, false));
  }

  static TInt64 of(long[] data, long... shape) {
    return TInt64.tensorOf(Shape.of(shape), DataBuffers.of(data, true, false));
  }

  static FloatTensor toFloatTensor(TFloat32 t) {
    long[] shape = t.shape().asArray();
    float[] data = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(data, false, false));
    return new FloatTensor(shape, data);
  }

  /**
   * Token ids padded to the longest text (padding id 0), token types (0 for padding) and the attention mask (1 for
   * real tokens), as the DJL engine pads them; flat {@code [batch * seq]} each.
   */
  record Padded(long[] ids, long[] types, float[] mask, int batch, int seq) {
    /** Single sentences: every token type 0. */
    static Padded of(long[][] tokens) {
      return of(org.mtc.core.SentencePair.Batch.singles(tokens));
    }

    static Padded of(org.mtc.core.SentencePair.Batch rows) {
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
      return new Padded(ids, types, mask, batch, seq);
    }
  }
}
