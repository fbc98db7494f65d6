package org.mtc.onnx;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.core.SentencePair;

/**
 * The model directory's {@code tokenizer.json} with the backbone's own truncation to {@code maxLength} tokens
 * ([CLS] and [SEP] included) and no padding. Mirrors backbone-djl's {@code TextTokenizer} rule for rule (same
 * options, same character cut of {@code maxLength * 20}) so both engines see the same ids. Thread-safe; owns
 * the native tokenizer.
 */
final class Tokens implements AutoCloseable {
  static final int CHARS_PER_TOKEN = 20;

  private final HuggingFaceTokenizer tokenizer;
  private final int maxLength;
  /** The ids of [CLS] and [SEP] as this tokenizer adds them to a single sentence. */
  private final long cls;
  private final long sep;

  Tokens(Path tokenizerJson, int maxLength) {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    this.maxLength = maxLength;
    Map<String, String> options = Map.of("addSpecialTokens", "true", "truncation", "true", "padding", "false",
        "maxLength", Integer.toString(maxLength), "modelMaxLength", Integer.toString(maxLength));
    try {
      this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, options);
    } catch (IOException | RuntimeException e) {
      throw new MtcException("could not load tokenizer " + tokenizerJson + ": " + e.getMessage()
          + " (it must be a Hugging Face tokenizers JSON file)", e);
    }
    long[] specials = tokenizer.encode("", true, false).getIds();
    this.cls = specials.length == 2 ? specials[0] : -1;
    this.sep = specials.length == 2 ? specials[1] : -1;
  }

  /** Token ids per text, [CLS] ... [SEP], at most maxLength each; no padding. */
  long[][] ids(List<String> texts) {
    String[] cut = new String[texts.size()];
    int limit = maxLength * CHARS_PER_TOKEN;
    for (int i = 0; i < cut.length; i++) {
      String t = texts.get(i);
      if (t == null) {
        throw new MtcException("text " + i + " of the batch is null; pass \"\" for an empty text");
      }
      if (t.length() > limit) {
        t = t.substring(0, Character.isHighSurrogate(t.charAt(limit - 1)) ? limit - 1 : limit);
      }
      cut[i] = t;
    }
    Encoding[] encodings = tokenizer.batchEncode(cut);
    long[][] out = new long[encodings.length][];
    for (int i = 0; i < out.length; i++) {
      long[] ids = encodings[i].getIds();
      out[i] = ids.length > maxLength ? Arrays.copyOf(ids, maxLength) : ids;
    }
    return out;
  }

  /**
   * Ids and token types per (context, text) pair, assembled by {@link SentencePair#tokenize} (shared by the
   * engines): rows whose context is "" are exactly {@link #ids}.
   */
  SentencePair.Batch pairs(List<String> contexts, List<String> texts) {
    if (cls < 0 && !SentencePair.noContext(contexts)) {
      throw new MtcException("this tokenizer does not frame a sentence as [CLS] ... [SEP], so it cannot encode "
          + "a text with its context; drop the task's context-column");
    }
    return SentencePair.tokenize(contexts, texts, t -> ids(List.of(t)), this::pieces, cls, sep, maxLength);
  }

  /** Word-piece ids without special tokens, at most maxLength each. */
  private long[][] pieces(String[] parts) {
    Encoding[] encodings = tokenizer.batchEncode(parts, false, false);
    long[][] out = new long[encodings.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = encodings[i].getIds();
    }
    return out;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
