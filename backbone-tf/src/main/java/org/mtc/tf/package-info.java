/**
 * The {@code tf} engine: BERT and DistilBERT encoders built as TensorFlow Java graphs, trainable
 * (graph-side AdamW), with the same Hugging Face tokenizer as the djl engine, registered through
 * {@link org.mtc.tf.TfEnginePlugin} and configured by {@code mtc.backbone.tf}. A {@link
 * org.mtc.tf.TfBackbone} encodes from many threads at once; training passes and gradient steps hold
 * its write lock. TensorFlow's thread pools are process-wide: the first session's settings apply to
 * all.
 */
package org.mtc.tf;
