package org.mtc.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.mtc.core.MtcException;
import org.mtc.onnx.graph.Quantization;
import org.mtc.onnx.importer.OnnxFiles;

/**
 * The checks of {@code mtc export onnx --quantize}: a known scheme, not with {@code --fused}, not
 * of a file that is already quantized, and not with {@code --heads-only} (whose encoder is taken as
 * it is). Stateless.
 */
final class ExportQuantization {
  private ExportQuantization() {}

  /**
   * The scheme {@code --quantize} names ({@link Quantization#NONE} when it is not given).
   *
   * @param encoder the {@code --heads-only} encoder graph, or null without {@code --heads-only}
   */
  static Quantization check(String quantize, boolean fused, Path model, Path encoder) {
    if (quantize == null) {
      return Quantization.NONE;
    }
    Quantization q = Quantization.parse(quantize, "--quantize");
    if (fused) {
      throw new MtcException(
          "--fused and --quantize "
              + quantize
              + " do not go together: the int8 graph's standard operators are "
              + "what ONNX Runtime runs fastest (it fuses them itself); drop --fused");
    }
    refuseQuantized(model, "--model");
    if (encoder != null) {
      refuseQuantized(encoder, "--encoder");
      throw new MtcException(
          "--quantize "
              + quantize
              + " quantizes the encoder that mtc writes from the model's weights, "
              + "but with --heads-only the encoder is --encoder "
              + encoder
              + " as it is; drop --heads-only, or export that encoder with --quantize");
    }
    return q;
  }

  /**
   * Refuses to quantize a file that already is ({@code option} names where it was given); other
   * paths are left to the checks that follow.
   */
  private static void refuseQuantized(Path file, String option) {
    if (!Files.isRegularFile(file) || !file.getFileName().toString().endsWith(".onnx")) {
      return;
    }
    Quantization q;
    try {
      q =
          Quantization.of(
              OnnxFiles.metadata(file, "give a graph written by mtc export onnx, or the model"));
    } catch (MtcException e) {
      throw new MtcException(option + " " + file + ": " + e.getMessage(), e);
    }
    if (q != Quantization.NONE) {
      throw new MtcException(
          option
              + " "
              + file
              + " is already quantized ("
              + Quantization.METADATA_KEY
              + " = "
              + q.metadataValue()
              + "); quantizing twice only loses accuracy. Export from the trained model "
              + "directory instead: mtc export onnx --model DIR --out FILE --quantize "
              + q.scheme());
    }
  }
}
