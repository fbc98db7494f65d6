package org.mtc.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtc.core.MtcException;
import org.mtc.core.SentencePair;

class LengthBatchesTest {
  /**
   * Rows of lengths 5, 1, 3, 1, 4 whose ids all equal their row number, types their row number +
   * 100.
   */
  private static SentencePair.Batch rows() {
    int[] lengths = {5, 1, 3, 1, 4};
    long[][] ids = new long[lengths.length][];
    long[][] types = new long[lengths.length][];
    for (int i = 0; i < lengths.length; i++) {
      ids[i] = new long[lengths[i]];
      types[i] = new long[lengths[i]];
      Arrays.fill(ids[i], i);
      Arrays.fill(types[i], i + 100);
    }
    return new SentencePair.Batch(ids, types);
  }

  @Test
  void chunksHoldSimilarLengthsShortestFirstAndTiesKeepInputOrder() {
    List<int[]> seen = new ArrayList<>();
    LengthBatches.forEachChunk(
        rows(),
        2,
        (chunk, positions) -> {
          seen.add(positions);
          for (int i = 0; i < positions.length; i++) {
            assertThat(chunk.ids()[i]).containsOnly((long) positions[i]);
            assertThat(chunk.typeIds()[i]).containsOnly(positions[i] + 100L);
          }
        });
    assertThat(seen).containsExactly(new int[] {1, 3}, new int[] {2, 4}, new int[] {0});
  }

  @Test
  void mapGivesResultsBackInInputOrder() {
    float[][] out =
        LengthBatches.map(
            rows(),
            2,
            chunk -> {
              float[][] r = new float[chunk.size()][];
              for (int i = 0; i < r.length; i++) {
                r[i] = new float[] {chunk.ids()[i][0], chunk.ids()[i].length};
              }
              return r;
            });
    assertThat(out).isDeepEqualTo(new float[][] {{0, 5}, {1, 1}, {2, 3}, {3, 1}, {4, 4}});
  }

  @Test
  void anEmptyBatchRunsNothing() {
    assertThat(
            LengthBatches.map(
                new SentencePair.Batch(new long[0][], new long[0][]),
                4,
                chunk -> {
                  throw new AssertionError("no chunk expected");
                }))
        .isEmpty();
  }

  @Test
  void aChunkSizeBelowOneIsRefused() {
    assertThatThrownBy(() -> LengthBatches.forEachChunk(rows(), 0, (c, p) -> {}))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("got 0");
  }

  @Test
  void aRunThatLosesRowsIsCaught() {
    assertThatThrownBy(() -> LengthBatches.map(rows(), 2, chunk -> new float[1][1]))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("gave 1 result rows");
  }
}
