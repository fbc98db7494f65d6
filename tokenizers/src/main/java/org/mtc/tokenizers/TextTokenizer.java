package org.mtc.tokenizers;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.SentencePair;

/**
 * A model's {@code tokenizer.json} (loaded only from that local file) with the project's own
 * truncation to {@code maxLength} tokens ([CLS] and [SEP] included) and no padding, whatever the
 * file says: MiniLM's file pads and truncates at 128 itself. Texts are cut to {@code maxLength *
 * }{@value SentencePair#CHARS_PER_TOKEN} characters before tokenizing ({@link SentencePair#cut}) so
 * that a huge text costs no more than a long one; pairs are assembled by {@link
 * SentencePair#tokenize}. The one wrapper every engine uses, so that all of them see identical ids.
 *
 * <p>Shapes: {@link #ids} gives {@code [texts][tokens]}, ragged. Thread-safe; owns the native
 * tokenizer, which {@link #close} frees (whoever opened the tokenizer closes it; a call after that
 * throws a clear error).
 */
public final class TextTokenizer implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final Path file;
  private final int maxLength;
  private volatile boolean closed;

  /**
   * The ids of [CLS] and [SEP] as this tokenizer adds them to a single sentence; -1 when it adds
   * other specials.
   */
  private final long cls;

  private final long sep;

  /**
   * Loads {@code tokenizerJson}.
   *
   * @param maxLength tokens per row, specials included
   * @throws MtcException when the file is not a Hugging Face tokenizers JSON file
   */
  public TextTokenizer(Path tokenizerJson, int maxLength) {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true"); // DJL must never reach the network
    }
    this.file = tokenizerJson;
    this.maxLength = maxLength;
    Map<String, String> options =
        Map.of(
            "addSpecialTokens", "true",
            "truncation", "true",
            "padding", "false",
            "maxLength", Integer.toString(maxLength),
            "modelMaxLength", Integer.toString(maxLength));
    try {
      this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, options);
    } catch (IOException | RuntimeException e) {
      throw new MtcException(
          "could not load tokenizer "
              + tokenizerJson
              + ": "
              + e.getMessage()
              + " (it must be a Hugging Face tokenizers JSON file)",
          e);
    }
    long[] specials = tokenizer.encode("", true, false).getIds();
    this.cls = specials.length == 2 ? specials[0] : -1;
    this.sep = specials.length == 2 ? specials[1] : -1;
  }

  public int maxLength() {
    return maxLength;
  }

  /**
   * Token ids per text, [CLS] ... [SEP], at most {@link #maxLength()} each; no padding: {@code
   * [texts][tokens]}.
   */
  public long[][] ids(List<String> texts) {
    checkOpen();
    String[] cut = new String[texts.size()];
    int limit = maxLength * SentencePair.CHARS_PER_TOKEN;
    for (int i = 0; i < cut.length; i++) {
      String t = texts.get(i);
      if (t == null) {
        throw new MtcException("text " + i + " of the batch is null; pass \"\" for an empty text");
      }
      cut[i] = SentencePair.cut(t, limit);
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
   * Ids and token types per input, assembled by {@link SentencePair#tokenize}: the rows of inputs
   * without context are exactly the {@link #ids} of their texts.
   *
   * @throws MtcException when an input has a context but this tokenizer does not frame sentences as
   *     [CLS] ... [SEP]
   */
  public SentencePair.Batch tokenize(List<Input> inputs) {
    checkOpen();
    if (cls < 0 && Input.anyContext(Input.checkBatch(inputs))) {
      throw new MtcException(
          "this tokenizer does not frame a sentence as [CLS] ... [SEP], so it cannot encode "
              + "a text with its context; drop the task's context-column");
    }
    return SentencePair.tokenize(inputs, t -> ids(List.of(t)), this::pieces, cls, sep, maxLength);
  }

  /** Word-piece ids without special tokens: {@code [parts][pieces]}. */
  private long[][] pieces(String[] parts) {
    Encoding[] encodings = tokenizer.batchEncode(parts, false, false);
    long[][] out = new long[encodings.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = encodings[i].getIds();
    }
    return out;
  }

  private void checkOpen() {
    if (closed) {
      throw new MtcException(
          "the tokenizer " + file + " is closed (its backbone or model was closed)");
    }
  }

  /**
   * Frees the native tokenizer; later calls of {@link #ids} or {@link #tokenize} throw. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      tokenizer.close();
    }
  }
}
