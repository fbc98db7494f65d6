package org.mtc.cli;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mtc.core.Input;
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
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Predict every task for texts from standard input or a TSV file's text column.",
      "Standard input: one text per line, or one JSON object per line {\"text\": ..., \"context\": ...} "
          + "(context optional: the previous bot utterance, read by tasks with a context-column)."
    })
final class PredictCommand implements Callable<Integer> {
  @Mixin SettingsOptions settingsOptions;
  @Mixin ModelOptions modelOptions;

  @Option(
      names = "--input",
      paramLabel = "FILE",
      description =
          "TSV file with a header and a `text` column, or JSON lines (.jsonl), read as annotate reads them.")
  Path input;

  @Option(names = "--text-column", defaultValue = "text", paramLabel = "NAME")
  String textColumn;

  @Option(
      names = "--context-column",
      defaultValue = "context",
      paramLabel = "NAME",
      description =
          "TSV column with each text's dialog context, used when the header has it (default: context).")
  String contextColumn;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (input == null) {
      IgnoredOptions.of(spec)
          .refuse(
              "without --input: it names a column of the --input TSV file, and "
                  + "standard input is one text (or JSON object) per line; drop it, or give --input FILE",
              "--text-column",
              "--context-column");
    }
    settingsOptions.warnDataDirUnused("mtc predict");
    modelOptions.checkEngine();
    try (Classifier model = modelOptions.openClassifier(settingsOptions)) {
      ModelOptions.warnContextUnused(model, IgnoredOptions.of(spec).given("--context-column"));
      Predictor predictor = new Predictor(model, modelOptions.batchSize);
      Writer out = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
      if (input != null) {
        predictor.writeJsonLines(readInputs(input, textColumn, contextColumn), out);
      } else {
        try (Utf8LineReader in = new Utf8LineReader(System.in, "standard input")) {
          predictor.predictLines(in, out);
        }
      }
      out.flush();
    }
    return 0;
  }

  /**
   * The inputs of {@code file}, read as {@code mtc annotate} reads its input ({@link CorpusReader}:
   * TSV with a header, or JSON lines): each row's {@code column} cell with its {@code
   * contextColumn} cell as the context (none for every row when the file has no such column).
   *
   * @throws MtcException naming the file and line of a malformed row, invalid UTF-8 or a row
   *     without text
   */
  static List<Input> readInputs(Path file, String column, String contextColumn) {
    List<Input> inputs = new ArrayList<>();
    try (CorpusReader in = CorpusReader.open(file, column, contextColumn, false)) {
      for (CorpusReader.Row row = in.next(); row != null; row = in.next()) {
        if (row.text() == null) {
          throw new MtcException(
              file
                  + ":"
                  + row.line()
                  + ": no text (the field '"
                  + column
                  + "' is null or "
                  + "absent); predict needs a text on every row, `mtc annotate` labels the rows that have one");
        }
        inputs.add(Input.withContext(row.context(), row.text()));
      }
    }
    return inputs;
  }
}
