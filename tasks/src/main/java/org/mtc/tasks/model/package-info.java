/**
 * The trained multitask model: {@link org.mtc.tasks.model.MultitaskModel} (one shared backbone, one
 * head per task; saved as a model directory with {@code tasks.conf}) and its checkpoints. The model
 * owns its backbone and closes it; inference is thread-safe while nobody trains, training is
 * single-threaded.
 */
package org.mtc.tasks.model;
