/**
 * {@code mtc bench compose}: the benchmark of issue 23's task-set composition. It adds a task to a
 * trained model (frozen and distilled) and compares both with joint training from scratch, and
 * merges two models trained on halves of the tasks ({@link org.mtc.bench.compose.ComposeBench},
 * {@link org.mtc.bench.compose.ComposeScoring}, {@link org.mtc.bench.compose.ComposeReport}).
 */
package org.mtc.bench.compose;
