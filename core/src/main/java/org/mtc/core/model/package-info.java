/**
 * The Hugging Face layout backbone directory every engine opens ({@link
 * org.mtc.core.model.HfBackboneDirectory}: {@code config.json}, {@code model.safetensors}, {@code
 * tokenizer.json}), its encoder architecture ({@link org.mtc.core.model.EncoderConfig}) and the
 * tensor names of BERT and DistilBERT ({@link org.mtc.core.model.EncoderLayout}). Immutable and
 * thread-safe.
 */
package org.mtc.core.model;
