/**
 * The {@code djl} engine: BERT and DistilBERT encoders on DJL / PyTorch, trainable, with the
 * Hugging Face tokenizer, registered through {@link org.mtc.djl.DjlEnginePlugin} and configured by
 * {@code mtc.backbone.djl}. A {@link org.mtc.djl.DjlBackbone} encodes from many threads at once;
 * training passes and gradient steps hold its write lock and run one at a time. The factory and
 * plugin are stateless and do no I/O until a backbone is opened.
 */
package org.mtc.djl;
