package org.mtc.tf.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.mtc.core.MtcException;

/**
 * The Hugging Face {@code tokenizer.json} of an uncased BERT WordPiece vocabulary, as {@code transformers} writes
 * it for {@code bert-base-uncased}: BERT normalizer (clean text, Chinese characters split, lower case, accents
 * stripped), BERT pre-tokenizer, WordPiece with {@code ##} continuations and {@code [UNK]}, template
 * {@code [CLS] $A [SEP]}, no truncation or padding (the backbone sets its own). Stateless.
 */
public final class WordPieceTokenizerJson {
  /** Special tokens every BERT vocabulary must hold. */
  public static final List<String> SPECIALS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
  private static final ObjectMapper JSON = new ObjectMapper();

  private WordPieceTokenizerJson() {
  }

  /**
   * The JSON text for {@code vocab} (token per id, the lines of {@code vocab.txt}).
   *
   * @param source names the vocabulary in error messages
   */
  public static String of(List<String> vocab, String source) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (String s : SPECIALS) {
      int id = vocab.indexOf(s);
      if (id < 0) {
        throw new MtcException(source + " has no " + s + " token; a BERT WordPiece vocab.txt holds " + SPECIALS);
      }
      ObjectNode a = added.addObject();
      a.put("id", id);
      a.put("content", s);
      a.put("single_word", false);
      a.put("lstrip", false);
      a.put("rstrip", false);
      a.put("normalized", false);
      a.put("special", true);
    }
    ObjectNode normalizer = root.putObject("normalizer");
    normalizer.put("type", "BertNormalizer");
    normalizer.put("clean_text", true);
    normalizer.put("handle_chinese_chars", true);
    normalizer.putNull("strip_accents");
    normalizer.put("lowercase", true);
    root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
    ObjectNode post = root.putObject("post_processor");
    post.put("type", "TemplateProcessing");
    ArrayNode single = post.putArray("single");
    piece(single, "SpecialToken", "[CLS]", 0);
    piece(single, "Sequence", "A", 0);
    piece(single, "SpecialToken", "[SEP]", 0);
    ArrayNode pair = post.putArray("pair");
    piece(pair, "SpecialToken", "[CLS]", 0);
    piece(pair, "Sequence", "A", 0);
    piece(pair, "SpecialToken", "[SEP]", 0);
    piece(pair, "Sequence", "B", 1);
    piece(pair, "SpecialToken", "[SEP]", 1);
    ObjectNode specials = post.putObject("special_tokens");
    for (String s : new String[] {"[CLS]", "[SEP]"}) {
      ObjectNode st = specials.putObject(s);
      st.put("id", s);
      st.putArray("ids").add(vocab.indexOf(s));
      st.putArray("tokens").add(s);
    }
    ObjectNode decoder = root.putObject("decoder");
    decoder.put("type", "WordPiece");
    decoder.put("prefix", "##");
    decoder.put("cleanup", true);
    ObjectNode model = root.putObject("model");
    model.put("type", "WordPiece");
    model.put("unk_token", "[UNK]");
    model.put("continuing_subword_prefix", "##");
    model.put("max_input_chars_per_word", 100);
    ObjectNode v = model.putObject("vocab");
    for (int i = 0; i < vocab.size(); i++) {
      if (v.has(vocab.get(i))) {
        throw new MtcException(source + " line " + (i + 1) + ": token '" + vocab.get(i) + "' appears twice");
      }
      v.put(vocab.get(i), i);
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (IOException e) {
      throw new MtcException("could not encode tokenizer.json", e);
    }
  }

  private static void piece(ArrayNode template, String kind, String id, int typeId) {
    ObjectNode s = template.addObject().putObject(kind);
    s.put("id", id);
    s.put("type_id", typeId);
  }
}
