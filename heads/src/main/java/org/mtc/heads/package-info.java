/**
 * Task heads in plain Java, independent of the engine that runs the encoder: one dense head ({@link
 * org.mtc.heads.DenseHead}) on pooled vectors {@code [batch, hidden]} whose output activation, loss
 * and thresholds come from its {@link org.mtc.core.TaskKind} (softmax single-label, sigmoid
 * multi-label, ...), its forward pass, gradients, AdamW, threshold tuning and the safetensors heads
 * file, configured by {@link org.mtc.heads.HeadSettings} ({@code mtc.heads}). Thread-safety as
 * {@link org.mtc.core.TaskHead}: {@code probabilities} from many threads while nobody trains;
 * training is single-threaded.
 */
package org.mtc.heads;
