package org.mtc.tf.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtc.core.MtcException;

class WordPieceTokenizerJsonTest {
  private static final List<String> VOCAB =
      List.of("[PAD]", "hello", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "##s");

  @Test
  void theTemplateAddsExactlyTheSpecialTokens() {
    List<String> added = new ArrayList<>();
    WordPieceTokenizerJson.template()
        .get("added_tokens")
        .forEach(t -> added.add(t.get("content").asText()));
    assertThat(added).isEqualTo(WordPieceTokenizerJson.SPECIALS);
  }

  @Test
  void fillsTheIdsAndTheVocabularyIntoTheTemplate() throws Exception {
    JsonNode json = new ObjectMapper().readTree(WordPieceTokenizerJson.of(VOCAB, "vocab.txt"));
    assertThat(json.get("added_tokens").get(2).get("content").asText()).isEqualTo("[CLS]");
    assertThat(json.get("added_tokens").get(2).get("id").asInt()).isEqualTo(3);
    assertThat(json.get("added_tokens").get(4).get("id").asInt()).isEqualTo(5);
    JsonNode specials = json.get("post_processor").get("special_tokens");
    assertThat(specials.get("[CLS]").get("ids").toString()).isEqualTo("[3]");
    assertThat(specials.get("[SEP]").get("ids").toString()).isEqualTo("[4]");
    assertThat(json.get("model").get("vocab").size()).isEqualTo(VOCAB.size());
    assertThat(json.get("model").get("vocab").get("##s").asInt()).isEqualTo(6);
    assertThat(json.get("normalizer").get("lowercase").asBoolean()).isTrue();
    // each call starts from a fresh template
    assertThat(WordPieceTokenizerJson.template().get("model").get("vocab").size()).isZero();
  }

  @Test
  void aMissingSpecialTokenOrATokenTwiceIsAnError() {
    assertThatThrownBy(
            () -> WordPieceTokenizerJson.of(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]"), "v.txt"))
        .isInstanceOf(MtcException.class)
        .hasMessageStartingWith("v.txt has no [MASK] token");
    List<String> twice = new ArrayList<>(VOCAB);
    twice.add("hello");
    assertThatThrownBy(() -> WordPieceTokenizerJson.of(twice, "v.txt"))
        .isInstanceOf(MtcException.class)
        .hasMessage("v.txt line 8: token 'hello' appears twice");
  }
}
