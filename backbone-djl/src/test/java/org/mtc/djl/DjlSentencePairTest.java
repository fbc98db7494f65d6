package org.mtc.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.Pooling;
import org.mtc.core.SentencePair;
import org.mtc.core.testing.TinyModelDirectory;

/**
 * Sentence pairs on DJL with the real tokenizer: framing, token types, truncation and bad input.
 */
class DjlSentencePairTest {
  @TempDir Path tmp;

  @Test
  void anInputWithoutContextIsEncodedExactlyAsASingleSentence() {
    Path dir = TinyModelDirectory.create(tmp.resolve("b"), "bert", 5);
    List<String> texts = List.of("i love my dog", "");
    try (DjlBackbone b = TestSpecs.open(dir, Pooling.MEAN)) {
      SentencePair.Batch rows = b.tokenize(Input.ofTexts(texts));
      assertThat(rows.ids()).isDeepEqualTo(b.tokenIds(texts));
      assertThat(rows.typeIds()[0]).containsOnly(0L);
      assertThat(b.tokenCounts(Input.ofTexts(texts))).containsExactly(rows.lengths());
      SentencePair.Batch mixed =
          b.tokenize(List.of(Input.of(texts.get(0)), Input.withContext("any pets?", "")));
      assertThat(mixed.ids()[0]).containsExactly(b.tokenIds(texts)[0]);
      assertThat(mixed.typeIds()[0]).containsOnly(0L);
    }
  }

  @Test
  void aPairIsClsContextSepTextSepWithTypesOneOnTheText() {
    Path dir = TinyModelDirectory.create(tmp.resolve("b"), "bert", 5);
    try (DjlBackbone b = TestSpecs.open(dir, Pooling.MEAN)) {
      long[] context = b.tokenIds(List.of("what pets do you have")).clone()[0];
      long[] text = b.tokenIds(List.of("a dog"))[0];
      SentencePair.Batch rows =
          b.tokenize(List.of(Input.withContext("what pets do you have", "a dog")));
      long[] expected = new long[context.length + text.length - 1];
      System.arraycopy(context, 0, expected, 0, context.length);
      System.arraycopy(text, 1, expected, context.length, text.length - 1);
      assertThat(rows.ids()[0]).containsExactly(expected);
      long[] types = rows.typeIds()[0];
      assertThat(Arrays.copyOfRange(types, 0, context.length)).containsOnly(0L);
      assertThat(Arrays.copyOfRange(types, context.length, types.length)).containsOnly(1L);
      assertThat(b.tokenCounts(List.of(Input.withContext("what pets do you have", "a dog"))))
          .containsExactly(expected.length);
    }
  }

  @Test
  void aHugeContextIsTruncatedAndTheTextSurvivesWhole() {
    Path dir = TinyModelDirectory.create(tmp.resolve("b"), "bert", 5);
    String huge = "weather music ".repeat(100_000 / 14 + 1).substring(0, 100_000);
    String text = "i really love my old dog";
    try (DjlBackbone b = TestSpecs.open(dir, Pooling.MEAN)) {
      long[] alone = b.tokenIds(List.of(text))[0]; // [CLS] pieces [SEP]
      long[] pair = b.tokenize(List.of(Input.withContext(huge, text))).ids()[0];
      assertThat(pair).hasSize(32); // TestSpecs' max length
      long[] tail = Arrays.copyOfRange(pair, pair.length - (alone.length - 1), pair.length);
      assertThat(tail).containsExactly(Arrays.copyOfRange(alone, 1, alone.length));
      assertThat(b.encode(List.of(Input.withContext(huge, text)))[0]).doesNotContain(Float.NaN);
    }
  }

  @Test
  void aNullInputIsNamedByItsPlace() {
    Path dir = TinyModelDirectory.create(tmp.resolve("b"), "distilbert", 5);
    try (DjlBackbone b = TestSpecs.open(dir, Pooling.MEAN)) {
      assertThatThrownBy(() -> b.encode(Arrays.asList(Input.withContext("a", "b"), null)))
          .isInstanceOf(MtcException.class)
          .hasMessageContaining("input 1 of the batch is null");
    }
  }
}
