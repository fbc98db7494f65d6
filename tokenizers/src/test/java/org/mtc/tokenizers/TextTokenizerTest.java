package org.mtc.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.SentencePair;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.core.testing.TinyModelDirectory;

/**
 * The shared wrapper on the tiny test vocabulary: framing, truncation, the character cut, pairs,
 * bad input.
 */
class TextTokenizerTest {
  @TempDir Path tmp;

  private TextTokenizer open(int maxLength) {
    Path dir = TinyModelDirectory.create(tmp.resolve("m"), "bert", 1);
    return new TextTokenizer(dir.resolve(HfBackboneDirectory.TOKENIZER), maxLength);
  }

  @Test
  void idsAreClsPiecesSepTruncatedToMaxLength() {
    try (TextTokenizer t = open(6)) {
      long cls = TinyModelDirectory.VOCAB.indexOf("[CLS]");
      long sep = TinyModelDirectory.VOCAB.indexOf("[SEP]");
      long dog = TinyModelDirectory.VOCAB.indexOf("dog");
      assertThat(t.ids(List.of("dog"))[0]).containsExactly(cls, dog, sep);
      long[] longOne = t.ids(List.of("the dog and the dog and the dog"))[0];
      assertThat(longOne).hasSize(6);
      assertThat(longOne[0]).isEqualTo(cls);
      assertThat(longOne[5]).isEqualTo(sep);
      assertThat(t.maxLength()).isEqualTo(6);
    }
  }

  @Test
  void aHugeTextIsCutBeforeTokenizingAndStillFramed() {
    try (TextTokenizer t = open(4)) {
      String huge = "dog ".repeat(1_000_000);
      assertThat(t.ids(List.of(huge))[0]).isEqualTo(t.ids(List.of("dog dog dog"))[0]);
    }
  }

  @Test
  void tokenizeFramesContextAndTextAndAnInputWithoutContextIsASingleSentence() {
    try (TextTokenizer t = open(16)) {
      SentencePair.Batch rows =
          t.tokenize(List.of(Input.of("good dog"), Input.withContext("hello world", "good dog")));
      assertThat(rows.ids()[0]).isEqualTo(t.ids(List.of("good dog"))[0]);
      assertThat(rows.typeIds()[0]).containsOnly(0L);
      long[] context = t.ids(List.of("hello world"))[0];
      long[] text = t.ids(List.of("good dog"))[0];
      long[] expected = new long[context.length + text.length - 1];
      System.arraycopy(context, 0, expected, 0, context.length);
      System.arraycopy(text, 1, expected, context.length, text.length - 1);
      assertThat(rows.ids()[1]).containsExactly(expected);
      assertThat(Arrays.copyOfRange(rows.typeIds()[1], context.length, expected.length))
          .containsOnly(1L);
    }
  }

  @Test
  void aNullTextIsNamedByItsPlace() {
    try (TextTokenizer t = open(8)) {
      assertThatThrownBy(() -> t.ids(Arrays.asList("dog", null)))
          .isInstanceOf(MtcException.class)
          .hasMessageContaining("text 1 of the batch is null");
    }
  }

  @Test
  void aFileThatIsNoTokenizerIsRefusedWithItsPath() throws Exception {
    Path bad = Files.writeString(tmp.resolve("tokenizer.json"), "{\"not\": \"a tokenizer\"}");
    assertThatThrownBy(() -> new TextTokenizer(bad, 8))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(bad.toString())
        .hasMessageContaining("Hugging Face tokenizers JSON");
  }

  @Test
  void aClosedTokenizerSaysSoAndClosesOnce() {
    TextTokenizer t = open(8);
    t.close();
    t.close();
    assertThatThrownBy(() -> t.ids(List.of("dog")))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> t.tokenize(List.of(Input.withContext("a", "dog"))))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("closed");
  }
}
