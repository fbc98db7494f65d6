/**
 * What every engine does to text before its encoder runs, written once: the Hugging Face tokenizer
 * wrapper {@link org.mtc.tokenizers.TextTokenizer} (truncation, character cut, sentence pairs), the
 * {@link org.mtc.tokenizers.TextTokenizerBackbone} capability built on it, the engines' base class
 * {@link org.mtc.tokenizers.DirectoryBackbone} (directory, pooling, lock, tokenizer, info), {@link
 * org.mtc.tokenizers.LengthBatches} (sort by length, chunk, restore order) and {@link
 * org.mtc.tokenizers.PaddedRows} (rows padded to {@code [batch, seq]} with a mask). Engine-free
 * apart from the tokenizer's native library. The tokenizer and the helpers are thread-safe; whoever
 * opens a tokenizer closes it.
 */
package org.mtc.tokenizers;
