package org.mtc.tf.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.mtc.core.MtcException;

/**
 * The Hugging Face {@code tokenizer.json} of an uncased BERT WordPiece vocabulary, as {@code
 * transformers} writes it for {@code bert-base-uncased}: BERT normalizer (clean text, Chinese
 * characters split, lower case, accents stripped), BERT pre-tokenizer, WordPiece with {@code ##}
 * continuations and {@code [UNK]}, template {@code [CLS] $A [SEP]}, no truncation or padding (the
 * backbone sets its own). Stateless.
 */
public final class WordPieceTokenizerJson {
  /** Special tokens every BERT vocabulary must hold. */
  public static final List<String> SPECIALS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

  /**
   * The fixed part of the file (normalizer, pre-tokenizer, template, decoder, model settings, one
   * added token per special token), beside this class; {@link #of} fills in the ids and the
   * vocabulary.
   */
  static final String TEMPLATE = "bert-wordpiece-tokenizer.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private WordPieceTokenizerJson() {}

  /**
   * The JSON text for {@code vocab} (token per id, the lines of {@code vocab.txt}).
   *
   * @param source names the vocabulary in error messages
   */
  public static String of(List<String> vocab, String source) {
    ObjectNode root = template();
    for (JsonNode token : root.get("added_tokens")) {
      String s = token.get("content").asText();
      int id = vocab.indexOf(s);
      if (id < 0) {
        throw new MtcException(
            source + " has no " + s + " token; a BERT WordPiece vocab.txt holds " + SPECIALS);
      }
      ((ObjectNode) token).put("id", id);
    }
    root.get("post_processor")
        .get("special_tokens")
        .fields()
        .forEachRemaining(
            special ->
                ((ArrayNode) special.getValue().get("ids"))
                    .removeAll()
                    .add(vocab.indexOf(special.getKey())));
    ObjectNode v = (ObjectNode) root.get("model").get("vocab");
    for (int i = 0; i < vocab.size(); i++) {
      if (v.has(vocab.get(i))) {
        throw new MtcException(
            source + " line " + (i + 1) + ": token '" + vocab.get(i) + "' appears twice");
      }
      v.put(vocab.get(i), i);
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (IOException e) {
      throw new MtcException("could not encode tokenizer.json", e);
    }
  }

  /** A fresh copy of {@value #TEMPLATE}: everything but the token ids and the vocabulary. */
  static ObjectNode template() {
    try (InputStream in = WordPieceTokenizerJson.class.getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new MtcException(
            "the classpath resource " + TEMPLATE + " is missing from mtc-backbone-tf");
      }
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new MtcException(
          "could not read the classpath resource " + TEMPLATE + ": " + e.getMessage(), e);
    }
  }
}
