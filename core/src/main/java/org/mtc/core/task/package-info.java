/**
 * Task declarations: a {@link org.mtc.core.task.TaskSet} of {@link org.mtc.core.task.TaskSpec}s
 * read from the {@code mtc.tasks} settings (each entry merged over {@code mtc.task-defaults}), with
 * the checks that a task is declared once. Immutable and thread-safe.
 */
package org.mtc.core.task;
