/**
 * Task heads in plain Java, independent of the engine that runs the encoder: dense single-label (softmax) and
 * multi-label (sigmoid) heads on pooled vectors {@code [batch, hidden]}, their forward pass, loss, gradients, AdamW,
 * threshold tuning and the safetensors heads file, configured by {@link org.mtc.heads.HeadSettings}
 * ({@code mtc.heads}). Thread-safety as {@link org.mtc.core.TaskHead}: {@code probabilities} from many threads while
 * nobody trains; training is single-threaded.
 */
package org.mtc.heads;
