/**
 * Distillation from teachers: which model teaches which task ({@link
 * org.mtc.tasks.distill.DistillSettings}), the teachers' predictions on the training examples,
 * computed once and kept in the run directory ({@link org.mtc.tasks.distill.TeacherStore}), and the
 * soft target rows the student mixes with the gold labels ({@link
 * org.mtc.tasks.distill.TeacherTargets}). The loss that mixes them is {@code
 * org.mtc.tasks.train.DistillationLoss}.
 */
package org.mtc.tasks.distill;
