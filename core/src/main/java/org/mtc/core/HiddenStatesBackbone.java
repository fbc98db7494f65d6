package org.mtc.core;

import java.util.List;

/**
 * A {@link TokenizingBackbone} that also gives the last encoder layer before pooling, for parity checks across
 * engines and against reference implementations: an optional capability that callers test for
 * ({@code backbone instanceof HiddenStatesBackbone h}) instead of casting to an engine class. Thread-safe as
 * {@link #encode} is.
 */
public interface HiddenStatesBackbone extends TokenizingBackbone {
  /**
   * Last-layer hidden states {@code [texts, seq, hidden]} in inference mode, all texts in one forward padded to
   * the longest; positions past a text's {@link #tokenIds} length are padding.
   */
  default float[][][] hiddenStates(List<String> texts) {
    return hiddenStates(SentencePair.Batch.singles(tokenIds(texts)));
  }

  /** As {@link #hiddenStates(List)} for pairs; positions past a row's {@link #tokenize} length are padding. */
  default float[][][] hiddenStates(List<String> contexts, List<String> texts) {
    return hiddenStates(tokenize(contexts, texts));
  }

  /**
   * As {@link #hiddenStates(List)} for rows this backbone already tokenized: {@code [rows, longest row,
   * hidden]}.
   */
  float[][][] hiddenStates(SentencePair.Batch rows);
}
