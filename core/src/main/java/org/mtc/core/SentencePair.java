package org.mtc.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Assembles the encoder input of a text read with its dialog context, {@code [CLS] context [SEP]
 * text [SEP]}, from word-piece ids tokenised separately and without special tokens.
 * Engine-independent, so that every engine builds the same ids and token types from the same
 * pieces. Stateless and thread-safe.
 *
 * <p>Token types: 0 for {@code [CLS] context [SEP]}, 1 for {@code text [SEP]} (BERT's segment
 * embeddings; an encoder without them ignores the types). A row without context (no context pieces)
 * is {@code [CLS] text [SEP]} with all types 0, exactly a single sentence.
 *
 * <p>Truncation to {@code maxLength} (specials included) removes context pieces first, from the end
 * of the context (Hugging Face's {@code only_first}), so the text survives whole. When the text
 * alone leaves no room for a single context piece ({@code text.length > maxLength - 4}), the
 * context is dropped and the row is the text alone as a single sentence, its end truncated to
 * {@code maxLength - 2} pieces.
 */
public final class SentencePair {
  private SentencePair() {}

  /**
   * One encoder input row.
   *
   * @param ids token ids {@code [tokens]}, specials included, unpadded
   * @param typeIds token type ids {@code [tokens]}, 0 or 1, same length as {@code ids}
   */
  public record Row(long[] ids, long[] typeIds) {
    public Row {
      if (ids.length != typeIds.length) {
        throw new IllegalArgumentException(ids.length + " ids but " + typeIds.length + " type ids");
      }
    }
  }

  /**
   * Rows of a batch as the encoder sees them: {@code ids [rows][tokens]} and {@code typeIds
   * [rows][tokens]} (same ragged shape). The arrays are the holder's to read, not to change.
   */
  public record Batch(long[][] ids, long[][] typeIds) {
    /** A batch of {@code rows}, in order. */
    public static Batch of(List<Row> rows) {
      long[][] ids = new long[rows.size()][];
      long[][] types = new long[rows.size()][];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = rows.get(i).ids();
        types[i] = rows.get(i).typeIds();
      }
      return new Batch(ids, types);
    }

    /** Single sentences: the given ids with all token types 0. */
    public static Batch singles(long[][] ids) {
      long[][] types = new long[ids.length][];
      for (int i = 0; i < ids.length; i++) {
        types[i] = new long[ids[i].length];
      }
      return new Batch(ids, types);
    }

    public int size() {
      return ids.length;
    }

    /** Tokens per row: {@code [rows]}. */
    public int[] lengths() {
      int[] out = new int[ids.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = ids[i].length;
      }
      return out;
    }
  }

  /**
   * {@code [CLS] context [SEP] text [SEP]} (or {@code [CLS] text [SEP]} when {@code context} is
   * empty or there is no room for it), at most {@code maxLength} tokens.
   *
   * @param context word-piece ids of the context, no specials
   * @param text word-piece ids of the text, no specials
   * @param maxLength the encoder's maximum sequence length, at least 2
   */
  public static Row assemble(long[] context, long[] text, long cls, long sep, int maxLength) {
    if (maxLength < 2) {
      throw new MtcException(
          "maximum sequence length "
              + maxLength
              + " leaves no room for [CLS] and [SEP]; "
              + "set mtc.backbone.max-length to at least 2");
    }
    int contextRoom = maxLength - 3 - text.length;
    if (context.length == 0 || contextRoom < 1) {
      int kept = Math.min(text.length, maxLength - 2);
      long[] ids = new long[kept + 2];
      ids[0] = cls;
      System.arraycopy(text, 0, ids, 1, kept);
      ids[kept + 1] = sep;
      return new Row(ids, new long[ids.length]);
    }
    int keptContext = Math.min(context.length, contextRoom);
    int first = keptContext + 2; // [CLS] context [SEP]
    long[] ids = new long[first + text.length + 1];
    long[] types = new long[ids.length];
    ids[0] = cls;
    System.arraycopy(context, 0, ids, 1, keptContext);
    ids[first - 1] = sep;
    System.arraycopy(text, 0, ids, first, text.length);
    ids[ids.length - 1] = sep;
    Arrays.fill(types, first, types.length, 1L);
    return new Row(ids, types);
  }

  /** Tokenises texts in one batch call: {@code [texts][pieces]}. */
  @FunctionalInterface
  public interface PieceTokenizer {
    long[][] apply(String[] texts);
  }

  /**
   * The batch of inputs as an engine's tokenizer gives it: inputs without context are {@code
   * singles}' ids of their texts (the engine's single-sentence tokenising, unchanged); the others
   * are {@link #assemble}d from the context and the text tokenised apart by {@code pieces} (no
   * special tokens), each cut to {@code maxLength * 20} characters first.
   *
   * @param singles the engine's single-sentence ids ({@code [CLS] text [SEP]}, truncated)
   * @param pieces word-piece ids without special tokens
   * @throws MtcException naming the first null input
   */
  public static Batch tokenize(
      List<Input> inputs,
      PieceTokenizer singles,
      PieceTokenizer pieces,
      long cls,
      long sep,
      int maxLength) {
    Input.checkBatch(inputs);
    int n = inputs.size();
    List<Integer> alone = new ArrayList<>();
    List<Integer> paired = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      (inputs.get(i).hasContext() ? paired : alone).add(i);
    }
    long[][] ids = new long[n][];
    long[][] types = new long[n][];
    if (!alone.isEmpty()) {
      long[][] single =
          singles.apply(alone.stream().map(i -> inputs.get(i).text()).toArray(String[]::new));
      for (int k = 0; k < single.length; k++) {
        ids[alone.get(k)] = single[k];
        types[alone.get(k)] = new long[single[k].length];
      }
    }
    if (!paired.isEmpty()) {
      int limit = maxLength * CHARS_PER_TOKEN;
      String[] parts = new String[2 * paired.size()];
      for (int k = 0; k < paired.size(); k++) {
        Input in = inputs.get(paired.get(k));
        parts[2 * k] = cut(in.context(), limit);
        parts[2 * k + 1] = cut(in.text(), limit);
      }
      long[][] tokens = pieces.apply(parts);
      for (int k = 0; k < paired.size(); k++) {
        Row row = assemble(tokens[2 * k], tokens[2 * k + 1], cls, sep, maxLength);
        ids[paired.get(k)] = row.ids();
        types[paired.get(k)] = row.typeIds();
      }
    }
    return new Batch(ids, types);
  }

  /**
   * Characters kept per allowed token before tokenising; generous, English words average under 6.
   */
  public static final int CHARS_PER_TOKEN = 20;

  /**
   * {@code text} cut to {@code limit} characters (not splitting a surrogate pair), so that
   * tokenising a huge text costs no more than a long one. Engines cut at {@code maxLength * 20}
   * characters, far more than fits.
   */
  public static String cut(String text, int limit) {
    if (text.length() <= limit) {
      return text;
    }
    return text.substring(0, Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit);
  }
}
