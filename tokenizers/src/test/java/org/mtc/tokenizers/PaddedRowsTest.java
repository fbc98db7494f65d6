package org.mtc.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mtc.core.SentencePair;

class PaddedRowsTest {
  @Test
  void rowsArePaddedToTheLongestWithZerosAndAMask() {
    PaddedRows p =
        PaddedRows.of(
            new SentencePair.Batch(
                new long[][] {{2, 7, 3}, {2, 3}}, new long[][] {{0, 1, 1}, {0, 0}}));
    assertThat(p.batch()).isEqualTo(2);
    assertThat(p.seq()).isEqualTo(3);
    assertThat(p.ids()).containsExactly(2, 7, 3, 2, 3, 0);
    assertThat(p.types()).containsExactly(0, 1, 1, 0, 0, 0);
    assertThat(p.mask()).containsExactly(1, 1, 1, 1, 1, 0);
    assertThat(p.longMask()).containsExactly(1, 1, 1, 1, 1, 0);
    assertThat(p.shape()).containsExactly(2, 3);
  }

  @Test
  void singlesHaveTypeZeroAndAnAllEmptyBatchKeepsOneColumn() {
    assertThat(PaddedRows.of(new long[][] {{5}, {6, 6}}).types()).containsOnly(0L);
    PaddedRows empty = PaddedRows.of(new long[][] {{}});
    assertThat(empty.seq()).isEqualTo(1);
    assertThat(empty.mask()).containsExactly(0f);
  }

  @Test
  void unflattenSplitsRowsPositionsAndWidth() {
    PaddedRows p = PaddedRows.of(new long[][] {{1, 2}, {3}});
    float[][][] out = p.unflatten(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2);
    assertThat(out).isDeepEqualTo(new float[][][] {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}});
  }
}
