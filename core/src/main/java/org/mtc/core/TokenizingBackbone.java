package org.mtc.core;

import java.util.List;

/**
 * A {@link Backbone} that exposes the token ids its own tokenizer gives and encodes rows tokenized
 * beforehand, so that callers (benchmarks, length grouping, parity checks) need no cast to a
 * concrete engine class: test for the capability ({@code backbone instanceof TokenizingBackbone
 * t}), never for an engine. {@link #tokenCounts} is then exact. Implementations are thread-safe for
 * {@link #tokenIds}, {@link #tokenize} and {@link #encodeTokens}.
 */
public interface TokenizingBackbone extends Backbone {
  /**
   * Token ids per text as the encoder sees them ({@code [CLS] ... [SEP]}, truncated, unpadded):
   * {@code [texts][tokens]}.
   */
  long[][] tokenIds(List<String> texts);

  /**
   * Token ids and token types per input as the encoder sees them ({@code [CLS] context [SEP] text
   * [SEP]} built by {@link SentencePair#assemble}, or exactly {@link #tokenIds} of the text where
   * the input has no context), truncated and unpadded: {@code [inputs][tokens]} each.
   */
  SentencePair.Batch tokenize(List<Input> inputs);

  /**
   * Pooled vectors {@code [rows, hidden]} of rows this backbone already tokenized ({@link
   * #tokenIds} through {@link SentencePair.Batch#singles}, or {@link #tokenize}), in inference
   * mode: {@code encode} without the tokenizer, for benchmarks that time tokenizing apart.
   * Thread-safe as {@link #encode} is.
   */
  float[][] encodeTokens(SentencePair.Batch rows);

  /** {@link #encodeTokens} of {@link #tokenize}: every engine with a tokenizer reads pairs. */
  @Override
  default float[][] encode(List<Input> inputs) {
    return encodeTokens(tokenize(inputs));
  }

  /** The lengths of {@link #tokenize}: {@code [inputs.size()]}. */
  @Override
  default int[] tokenCounts(List<Input> inputs) {
    return tokenize(inputs).lengths();
  }
}
