/**
 * The multitask against single-task experiment behind {@code mtc bench}: settings ({@link
 * org.mtc.bench.experiment.BenchSettings}, {@code mtc.bench}) and presets, training every model in
 * process, resident memory measured in a child JVM per inference configuration, speed, and the
 * markdown, CSV and chart reports. Records are immutable; an {@link
 * org.mtc.bench.experiment.Experiment} is single-threaded, one run per instance.
 */
package org.mtc.bench.experiment;
