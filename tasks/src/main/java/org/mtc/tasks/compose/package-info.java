/**
 * Composing task sets after training: {@link org.mtc.tasks.compose.TaskDrop} writes a trained model
 * without some of its tasks, its backbone copied byte for byte, so the kept tasks answer bit for
 * bit as before. Every composed model records where it came from ({@link
 * org.mtc.tasks.compose.Provenance}). Adding tasks to a model and merging models are not built yet.
 */
package org.mtc.tasks.compose;
