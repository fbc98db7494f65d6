/**
 * Statistics for comparing models across seeds: paired bootstrap intervals, per-task and per-model
 * comparisons and seed summaries. Immutable results and stateless computations (seeded, so
 * reproducible); thread-safe.
 */
package org.mtc.tasks.compare;
