/**
 * Composing task sets after training: {@link org.mtc.tasks.compose.TaskDrop} writes a trained model
 * without some of its tasks, and {@link org.mtc.tasks.compose.TaskAdd} writes it with new tasks
 * whose heads were trained on its frozen encoder; either way the backbone is copied byte for byte,
 * so the tasks the model had answer bit for bit as before. Every composed model records where it
 * came from ({@link org.mtc.tasks.compose.Provenance}). Adding tasks by distillation and merging
 * models are not built yet.
 */
package org.mtc.tasks.compose;
