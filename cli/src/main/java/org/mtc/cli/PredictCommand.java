package org.mtc.cli;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mtc.bench.IgnoredOptions;
import org.mtc.core.MtcException;
import org.mtc.core.io.Utf8LineReader;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.Predictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mtc predict}: answers every task for each text, one JSON line per text. */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = {"Predict every task for texts from standard input or a TSV file's text column.",
        "Standard input: one text per line, or one JSON object per line {\"text\": ..., \"context\": ...} "
            + "(context optional: the previous bot utterance, read by tasks with a context-column)."})
final class PredictCommand implements Callable<Integer> {
  @Mixin SettingsOptions settingsOptions;
  @Mixin ModelOptions modelOptions;

  @Option(names = "--input", paramLabel = "FILE", description = "TSV file with a header and a `text` column.")
  Path input;

  @Option(names = "--text-column", defaultValue = "text", paramLabel = "NAME") String textColumn;

  @Option(names = "--context-column", defaultValue = "context", paramLabel = "NAME",
      description = "TSV column with each text's dialog context, used when the header has it (default: context).")
  String contextColumn;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (input == null) {
      IgnoredOptions.of(spec).refuse("without --input: it names a column of the --input TSV file, and "
          + "standard input is one text (or JSON object) per line; drop it, or give --input FILE", "--text-column",
          "--context-column");
    }
    settingsOptions.warnDataDirUnused("mtc predict");
    modelOptions.checkEngine();
    try (Classifier model = modelOptions.openClassifier(settingsOptions)) {
      ModelOptions.warnContextUnused(model, IgnoredOptions.of(spec).given("--context-column"));
      Predictor predictor = new Predictor(model, modelOptions.batchSize);
      Writer out = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
      if (input != null) {
        List<String> contexts = new ArrayList<>();
        List<String> texts = readTexts(input, textColumn, contextColumn, contexts);
        predictor.writeJsonLines(contexts, texts, out);
      } else {
        try (Utf8LineReader in = new Utf8LineReader(System.in, "standard input")) {
          predictor.predictLines(in, out);
        }
      }
      out.flush();
    }
    return 0;
  }

  static List<String> readTexts(Path file, String column) throws java.io.IOException {
    return readTexts(file, column, "", new ArrayList<>());
  }

  /**
   * The texts of {@code file}'s {@code column}; adds each row's {@code contextColumn} cell to {@code contexts}
   * ({@code ""} for every row when the header has no such column).
   */
  static List<String> readTexts(Path file, String column, String contextColumn, List<String> contexts)
      throws java.io.IOException {
    var format = org.apache.commons.csv.CSVFormat.TDF.builder().setHeader().setSkipHeaderRecord(true)
        .setIgnoreSurroundingSpaces(false).setTrim(false).get();
    List<String> texts = new ArrayList<>();
    try (var reader = java.nio.file.Files.newBufferedReader(file, StandardCharsets.UTF_8);
        var parser = format.parse(reader)) {
      if (!parser.getHeaderMap().containsKey(column)) {
        throw new MtcException(file + ":1: no '" + column + "' column (columns: "
            + String.join(", ", parser.getHeaderNames()) + "); name it with --text-column");
      }
      boolean hasContext = !contextColumn.isEmpty() && parser.getHeaderMap().containsKey(contextColumn);
      for (var record : parser) {
        texts.add(record.get(column));
        contexts.add(hasContext ? record.get(contextColumn) : "");
      }
    } catch (java.nio.file.NoSuchFileException e) {
      throw new MtcException("input file " + file + " does not exist");
    } catch (java.nio.file.FileSystemException e) {
      throw new MtcException("cannot read input file " + file + ": " + e.getReason() + "; --input takes a TSV file", e);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw notUtf8(file, e);
    } catch (java.io.UncheckedIOException e) {
      if (e.getCause() instanceof java.nio.charset.CharacterCodingException) {
        throw notUtf8(file, e);
      }
      throw e;
    }
    return texts;
  }

  private static MtcException notUtf8(Path file, Exception e) {
    return new MtcException(file + ":" + Utf8LineReader.firstMalformedLine(file) + ": not valid UTF-8 text; save "
        + "the input as UTF-8 (for example `iconv -f latin1 -t utf-8`)", e);
  }
}
