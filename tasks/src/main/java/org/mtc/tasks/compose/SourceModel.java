package org.mtc.tasks.compose;

import java.nio.file.Files;
import java.nio.file.Path;
import org.mtc.core.MtcException;
import org.mtc.tasks.model.MultitaskModel;

/**
 * The source of a composing operation: a trained model directory, or a training run directory
 * holding one in {@code model/}. An exported {@code .onnx} graph, another file or a folder that
 * holds no model is refused with the way out. Stateless; reads only small text files.
 */
final class SourceModel {
  private SourceModel() {}

  /**
   * The model directory of {@code source}, checked as loading checks it (without reading weights).
   *
   * @param operation the {@code mtc tasks} operation that reads it, e.g. {@code drop}, for the
   *     message that says what to run instead on an exported graph
   * @throws MtcException naming {@code source} and what to pass instead
   */
  static Path directory(Path source, String operation) {
    return forCommand(source, "tasks " + operation);
  }

  /**
   * As {@link #directory}, for the command {@code command} (e.g. {@code calibrate}), named in the
   * message on an exported graph.
   */
  static Path forCommand(Path source, String command) {
    if (Files.isRegularFile(source)) {
      boolean onnx = source.getFileName().toString().endsWith(".onnx");
      throw new MtcException(
          "--model "
              + source
              + (onnx
                  ? " is an exported .onnx graph, which is not changed in place; run `mtc "
                      + command
                      + "` on the trained model directory it was exported from (mtc "
                      + command
                      + " --model DIR ... --out NEW), then export that again (mtc export onnx "
                      + "--model NEW --out FILE)"
                  : " is a file, not a model directory; pass the directory written by `mtc train --out "
                      + "DIR` (or its model/ folder)"));
    }
    return MultitaskModel.check(source);
  }
}
