/**
 * Multitask training: {@link org.mtc.tasks.train.TrainSettings} ({@code mtc.train}), task sampling
 * and length-grouped batches, the plateau learning-rate schedule and early stopping, the run
 * directory with its log, checkpoints and resume, and the {@link org.mtc.tasks.train.Trainer} loop:
 * a short loop of training steps and dev evaluations whose every other concern is one {@code
 * LoopListener} (docs/training.md, "How the loop is built"). One trainer trains one model on one
 * thread; its helpers are not thread-safe, its settings and results are immutable.
 */
package org.mtc.tasks.train;
