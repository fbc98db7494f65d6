package org.mtc.core;

import java.util.List;

/**
 * A {@link Backbone} that exposes the token ids its own tokenizer gives and encodes rows tokenized beforehand, so
 * that callers (benchmarks, length grouping, parity checks) need no cast to a concrete engine class: test for the
 * capability ({@code backbone instanceof TokenizingBackbone t}), never for an engine. {@link #tokenCounts} is then
 * exact. Implementations are thread-safe for {@link #tokenIds}, {@link #tokenize} and {@link #encodeTokens}.
 */
public interface TokenizingBackbone extends Backbone {
  /**
   * Token ids per text as the encoder sees them ({@code [CLS] ... [SEP]}, truncated, unpadded):
   * {@code [texts][tokens]}.
   */
  long[][] tokenIds(List<String> texts);

  /**
   * Token ids and token types per pair as the encoder sees them ({@code [CLS] context [SEP] text [SEP]} built by
   * {@link SentencePair#assemble}, or exactly {@link #tokenIds} where the context is {@code ""}), truncated and
   * unpadded: {@code [texts][tokens]} each.
   *
   * @param contexts one per text, {@code ""} for none
   */
  SentencePair.Batch tokenize(List<String> contexts, List<String> texts);

  /**
   * Pooled vectors {@code [rows, hidden]} of rows this backbone already tokenized ({@link #tokenIds} through
   * {@link SentencePair.Batch#singles}, or {@link #tokenize}), in inference mode: {@code encode} without the
   * tokenizer, for benchmarks that time tokenizing apart. Thread-safe as {@link #encode} is.
   */
  float[][] encodeTokens(SentencePair.Batch rows);

  /** {@link #encodeTokens} of {@link #tokenIds}. */
  @Override
  default float[][] encode(List<String> texts) {
    return encodeTokens(SentencePair.Batch.singles(tokenIds(texts)));
  }

  /** {@link #encodeTokens} of {@link #tokenize}: every engine with a tokenizer reads pairs. */
  @Override
  default float[][] encode(List<String> contexts, List<String> texts) {
    return encodeTokens(tokenize(contexts, texts));
  }

  /** The lengths of {@link #tokenize}: {@code [texts.size()]}. */
  @Override
  default int[] tokenCounts(List<String> contexts, List<String> texts) {
    return tokenize(contexts, texts).lengths();
  }

  /** The lengths of {@link #tokenIds}: {@code [texts.size()]}. */
  @Override
  default int[] tokenCounts(List<String> texts) {
    long[][] ids = tokenIds(texts);
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = ids[i].length;
    }
    return out;
  }
}
