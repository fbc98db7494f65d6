package org.mtc.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mtc.core.MtcException;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.predict.Predictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mtc predict}: answers every task for each text, one JSON line per text. */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Predict every task for texts from standard input (one per line) or a TSV file's text column.")
final class PredictCommand implements Callable<Integer> {
  @Mixin SettingsOptions settingsOptions;
  @Mixin ModelOptions modelOptions;

  @Option(names = "--input", paramLabel = "FILE", description = "TSV file with a header and a `text` column.")
  Path input;

  @Option(names = "--text-column", defaultValue = "text", paramLabel = "NAME") String textColumn;

  @Override
  public Integer call() throws Exception {
    try (MultitaskModel model = modelOptions.open(settingsOptions)) {
      Predictor predictor = new Predictor(model, modelOptions.batchSize);
      Writer out = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
      if (input != null) {
        predictor.writeJsonLines(readTexts(input, textColumn), out);
      } else {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
          predictor.predictLines(in, out);
        }
      }
      out.flush();
    }
    return 0;
  }

  static List<String> readTexts(Path file, String column) throws java.io.IOException {
    var format = org.apache.commons.csv.CSVFormat.TDF.builder().setHeader().setSkipHeaderRecord(true)
        .setIgnoreSurroundingSpaces(false).setTrim(false).get();
    List<String> texts = new ArrayList<>();
    try (var reader = java.nio.file.Files.newBufferedReader(file, StandardCharsets.UTF_8);
        var parser = format.parse(reader)) {
      if (!parser.getHeaderMap().containsKey(column)) {
        throw new MtcException(file + ":1: no '" + column + "' column (columns: "
            + String.join(", ", parser.getHeaderNames()) + "); name it with --text-column");
      }
      for (var record : parser) {
        texts.add(record.get(column));
      }
    } catch (java.nio.file.NoSuchFileException e) {
      throw new MtcException("input file " + file + " does not exist");
    }
    return texts;
  }
}
