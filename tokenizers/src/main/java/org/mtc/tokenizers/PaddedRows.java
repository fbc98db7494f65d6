package org.mtc.tokenizers;

import java.util.Arrays;
import org.mtc.core.SentencePair;

/**
 * Token rows padded to a rectangle {@code [batch, seq]}, {@code seq} the longest row (at least 1),
 * flattened row by row: {@code ids} (padding id 0), {@code types} (token types, 0 for padding) and
 * {@code mask} (1 for real tokens, 0 for padding). What every engine feeds its encoder. A value;
 * the arrays are the holder's to read, not to change.
 */
public record PaddedRows(long[] ids, long[] types, float[] mask, int batch, int seq) {
  /** Single sentences: every token type 0. */
  public static PaddedRows of(long[][] tokens) {
    return of(SentencePair.Batch.singles(tokens));
  }

  /** The rows of {@code rows}, padded to the longest. */
  public static PaddedRows of(SentencePair.Batch rows) {
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
      Arrays.fill(mask, b * seq, b * seq + tokens[b].length, 1f);
    }
    return new PaddedRows(ids, types, mask, batch, seq);
  }

  /**
   * The mask as 0/1 integers {@code [batch * seq]}, for graphs that take an int64 attention mask.
   */
  public long[] longMask() {
    long[] out = new long[mask.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (long) mask[i];
    }
    return out;
  }

  /** {@code [batch, seq]}. */
  public long[] shape() {
    return new long[] {batch, seq};
  }

  /** A flat {@code [batch * seq * width]} output split into {@code [batch][seq][width]}. */
  public float[][][] unflatten(float[] flat, int width) {
    float[][][] out = new float[batch][seq][width];
    for (int i = 0; i < batch; i++) {
      for (int j = 0; j < seq; j++) {
        System.arraycopy(flat, (i * seq + j) * width, out[i][j], 0, width);
      }
    }
    return out;
  }
}
