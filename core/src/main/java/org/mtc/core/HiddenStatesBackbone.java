package org.mtc.core;

import java.util.List;

/**
 * A {@link TokenizingBackbone} that also gives the last encoder layer before pooling, for parity
 * checks across engines and against reference implementations: an optional capability that callers
 * test for ({@code backbone instanceof HiddenStatesBackbone h}) instead of casting to an engine
 * class. Thread-safe as {@link #encode} is.
 */
public interface HiddenStatesBackbone extends TokenizingBackbone {
  /**
   * Last-layer hidden states {@code [inputs, seq, hidden]} in inference mode, all inputs in one
   * forward padded to the longest; positions past a row's {@link #tokenize} length are padding.
   */
  default float[][][] hiddenStates(List<Input> inputs) {
    return hiddenStates(tokenize(inputs));
  }

  /**
   * As {@link #hiddenStates(List)} for rows this backbone already tokenized: {@code [rows, longest
   * row, hidden]}.
   */
  float[][][] hiddenStates(SentencePair.Batch rows);
}
