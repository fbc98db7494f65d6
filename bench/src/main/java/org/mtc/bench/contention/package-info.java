/**
 * The CPU contention benchmark: probe JVMs that encode while busy loops or other probes compete for
 * the cores, the phases and variants they run, and the report. Probes and loops run in their own
 * processes and threads; the plan and report types are immutable.
 */
package org.mtc.bench.contention;
