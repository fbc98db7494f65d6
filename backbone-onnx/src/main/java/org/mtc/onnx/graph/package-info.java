/**
 * Writing ONNX graphs: the BERT / DistilBERT encoder (plain or with ONNX Runtime's fused kernels),
 * the task heads appended to it, and {@link org.mtc.onnx.graph.OnnxExport}, which writes a
 * self-contained multitask model with its tokenizer and task metadata; optionally int8 ({@link
 * org.mtc.onnx.graph.Quantization}: {@link org.mtc.onnx.graph.QuantizedMatMul}, {@link
 * org.mtc.onnx.graph.QuantizedGather}, {@link org.mtc.onnx.graph.Int8Weights}). Static writers are
 * stateless and thread-safe; a {@link org.mtc.onnx.graph.GraphBuilder} is used by one thread for
 * one graph.
 */
package org.mtc.onnx.graph;
