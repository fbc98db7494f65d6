/**
 * The engines benchmark: encoder and training throughput of djl, onnx and tf on the same directory
 * and batches, a Java peer for comparison, matmul rate, and the export parity check of {@code mtc
 * bench engines}. Benchmarks run on one thread at a time so timings are not disturbed; results are
 * immutable.
 */
package org.mtc.bench.engines;
