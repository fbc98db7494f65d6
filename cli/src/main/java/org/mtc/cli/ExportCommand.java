package org.mtc.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code mtc export onnx}: writes a trained model as one ONNX graph (issue 3). */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export a trained model (encoder, pooling and every head) as one ONNX graph.")
final class ExportCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("mtc export: not built yet (issue 3)");
    return 2;
  }
}
