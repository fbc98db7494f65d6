package org.mtc.bench.experiment;

/**
 * A configuration of the experiment that could not be measured; the rest of the report is still
 * written.
 *
 * @param configuration e.g. {@code task emotion}, {@code multitask}, {@code single-task emotion}
 * @param stage data, train, evaluate, memory or speed
 * @param reason what went wrong, with the fix where known
 */
public record Failure(String configuration, String stage, String reason) {}
