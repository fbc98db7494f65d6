package org.mtc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentencePairTest {
  static final long CLS = 101;
  static final long SEP = 102;

  @Test
  void pairIsClsContextSepTextSepWithTypesZeroThenOne() {
    SentencePair.Row row =
        SentencePair.assemble(new long[] {5, 6}, new long[] {7, 8, 9}, CLS, SEP, 32);
    assertThat(row.ids()).containsExactly(CLS, 5, 6, SEP, 7, 8, 9, SEP);
    assertThat(row.typeIds()).containsExactly(0, 0, 0, 0, 1, 1, 1, 1);
  }

  @Test
  void emptyContextIsASingleSentence() {
    SentencePair.Row row = SentencePair.assemble(new long[0], new long[] {7, 8}, CLS, SEP, 32);
    assertThat(row.ids()).containsExactly(CLS, 7, 8, SEP);
    assertThat(row.typeIds()).containsOnly(0L);
  }

  @Test
  void truncationCutsTheEndOfTheContextAndKeepsTheText() {
    long[] context = new long[1000];
    Arrays.fill(context, 5);
    context[0] = 4;
    SentencePair.Row row = SentencePair.assemble(context, new long[] {7, 8, 9}, CLS, SEP, 10);
    assertThat(row.ids())
        .containsExactly(CLS, 4, 5, 5, 5, SEP, 7, 8, 9, SEP); // 10 = 3 specials + 3 text + 4
    assertThat(row.typeIds()).containsExactly(0, 0, 0, 0, 0, 0, 1, 1, 1, 1);
  }

  @Test
  void aTextThatLeavesNoRoomDropsTheContextAndIsTruncatedAlone() {
    long[] text = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    SentencePair.Row row = SentencePair.assemble(new long[] {40, 41}, text, CLS, SEP, 8);
    assertThat(row.ids()).containsExactly(CLS, 1, 2, 3, 4, 5, 6, SEP);
    assertThat(row.typeIds()).containsOnly(0L);
  }

  @Test
  void theSmallestPairKeepsOneContextPiece() {
    SentencePair.Row row =
        SentencePair.assemble(new long[] {40, 41}, new long[] {1, 2}, CLS, SEP, 6);
    assertThat(row.ids()).containsExactly(CLS, 40, SEP, 1, 2, SEP);
  }

  @Test
  void tokenizeReadsInputsWithoutContextAsSingleSentencesAndRefusesANullInput() {
    SentencePair.PieceTokenizer singles =
        texts ->
            Arrays.stream(texts).map(t -> new long[] {CLS, t.length(), SEP}).toArray(long[][]::new);
    SentencePair.PieceTokenizer pieces =
        texts -> Arrays.stream(texts).map(t -> new long[] {t.length()}).toArray(long[][]::new);
    SentencePair.Batch batch =
        SentencePair.tokenize(
            List.of(Input.of("ab"), Input.withContext("xyz", "abcd")),
            singles,
            pieces,
            CLS,
            SEP,
            32);
    assertThat(batch.ids()[0]).containsExactly(CLS, 2, SEP);
    assertThat(batch.typeIds()[0]).containsOnly(0L);
    assertThat(batch.ids()[1]).containsExactly(CLS, 3, SEP, 4, SEP);
    assertThat(batch.typeIds()[1]).containsExactly(0, 0, 0, 1, 1);
    assertThatThrownBy(
            () ->
                SentencePair.tokenize(
                    Arrays.asList(Input.of("a"), null), singles, pieces, CLS, SEP, 32))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("input 1 of the batch is null");
  }
}
