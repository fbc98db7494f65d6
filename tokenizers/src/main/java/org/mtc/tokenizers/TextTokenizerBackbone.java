package org.mtc.tokenizers;

import java.util.List;
import org.mtc.core.Input;
import org.mtc.core.SentencePair;
import org.mtc.core.TokenizingBackbone;

/**
 * A {@link TokenizingBackbone} that reads with the shared {@link TextTokenizer}: its token ids and
 * pairs are the tokenizer's, so every engine gives identical ids by construction. Engines implement
 * {@link #tokenizer} only. Thread-safe as the tokenizer is.
 */
public interface TextTokenizerBackbone extends TokenizingBackbone {
  /**
   * The tokenizer this backbone reads with, owned by the backbone (the caller must not close it).
   *
   * @throws org.mtc.core.MtcException when the backbone is closed
   */
  TextTokenizer tokenizer();

  @Override
  default long[][] tokenIds(List<String> texts) {
    return tokenizer().ids(texts);
  }

  @Override
  default SentencePair.Batch tokenize(List<Input> inputs) {
    return tokenizer().tokenize(inputs);
  }
}
