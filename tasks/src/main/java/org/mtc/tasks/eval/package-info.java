/**
 * Evaluation metrics: accuracy, per-label precision / recall / F1, macro and micro F1 for single-
 * and multi-label tasks, and the table that prints them. Immutable results, stateless computations;
 * thread-safe.
 */
package org.mtc.tasks.eval;
