/**
 * The {@code onnx} engine: a frozen encoder run by ONNX Runtime from a graph written from a
 * backbone directory's safetensors ({@link org.mtc.onnx.OnnxBackbone}), and {@link
 * org.mtc.onnx.ExportedModel}, which serves a whole exported multitask {@code .onnx} graph;
 * configured by {@link org.mtc.onnx.OnnxSettings} ({@code mtc.backbone.onnx}). Inference is
 * thread-safe over one shared session; the caller owns and closes what it opens.
 */
package org.mtc.onnx;
