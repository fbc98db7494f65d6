package org.mtc.core;

import java.util.List;
import org.mtc.core.settings.DidYouMean;

/**
 * How a backbone turns hidden states {@code [batch, seq, hidden]} into one vector {@code [batch,
 * hidden]}.
 */
public enum Pooling {
  /** The hidden state of the first ([CLS]) token. */
  CLS,
  /** The mean of the hidden states of the real (not padding) tokens. */
  MEAN,
  /**
   * MEAN where the model directory says so the sentence-transformers way ({@code
   * 1_Pooling/config.json} with {@code pooling_mode_mean_tokens}), CLS otherwise. Resolved by
   * {@link org.mtc.core.model.HfBackboneDirectory}.
   */
  AUTO;

  public static Pooling parse(String value, String where) {
    for (Pooling p : values()) {
      if (p.name().equalsIgnoreCase(value)) {
        return p;
      }
    }
    throw new MtcException(
        where
            + ": unknown pooling '"
            + value
            + "'"
            + DidYouMean.suggest(value, List.of("cls", "mean", "auto"))
            + "; use cls, mean or auto");
  }
}
