package org.mtc.tokenizers;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.mtc.core.MtcException;
import org.mtc.core.SentencePair;

/**
 * Runs a batch of token rows through an encoder in chunks of similar length, so that each chunk is
 * padded only to its own longest row and little padding is computed: rows are sorted by token count
 * (a stable sort, ties keep input order), cut into chunks of at most {@code chunkSize} rows, and
 * the results go back in input order. Every engine's {@code encode} and the exported-graph runner
 * use it. Stateless and thread-safe.
 */
public final class LengthBatches {
  private LengthBatches() {}

  /**
   * Receives one chunk: its rows and, per row, the row's index in the whole batch ({@code [chunk
   * rows]}).
   */
  @FunctionalInterface
  public interface ChunkConsumer {
    void accept(SentencePair.Batch chunk, int[] positions);
  }

  /**
   * Calls {@code consumer} once per chunk, shortest rows first.
   *
   * @throws MtcException when {@code chunkSize} is below 1
   */
  public static void forEachChunk(SentencePair.Batch rows, int chunkSize, ChunkConsumer consumer) {
    if (chunkSize < 1) {
      throw new MtcException(
          "a length batch needs at least 1 row per chunk, got "
              + chunkSize
              + "; set the engine's batch size to 1 or more");
    }
    long[][] ids = rows.ids();
    Integer[] order = IntStream.range(0, ids.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingInt(i -> ids[i].length));
    for (int start = 0; start < order.length; start += chunkSize) {
      int end = Math.min(order.length, start + chunkSize);
      long[][] chunk = new long[end - start][];
      long[][] types = new long[end - start][];
      int[] positions = new int[end - start];
      for (int i = start; i < end; i++) {
        positions[i - start] = order[i];
        chunk[i - start] = ids[order[i]];
        types[i - start] = rows.typeIds()[order[i]];
      }
      consumer.accept(new SentencePair.Batch(chunk, types), positions);
    }
  }

  /**
   * One result row per input row, in input order: {@code run} maps a chunk to {@code [chunk
   * rows][width]}.
   *
   * @throws MtcException when {@code run} returns another number of rows than its chunk has
   */
  public static float[][] map(
      SentencePair.Batch rows, int chunkSize, Function<SentencePair.Batch, float[][]> run) {
    float[][] out = new float[rows.size()][];
    forEachChunk(
        rows,
        chunkSize,
        (chunk, positions) -> {
          float[][] result = run.apply(chunk);
          if (result.length != positions.length) {
            throw new MtcException(
                "an encoder chunk of "
                    + positions.length
                    + " rows gave "
                    + result.length
                    + " result rows; this is a bug in the engine");
          }
          for (int i = 0; i < positions.length; i++) {
            out[positions[i]] = result[i];
          }
        });
    return out;
  }
}
