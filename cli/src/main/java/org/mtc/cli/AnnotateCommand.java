package org.mtc.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.engine.Engines;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.Prediction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mtc annotate}: labels every row of a corpus file with every task, streaming (rows are
 * read, predicted in batches and written as they come, so memory does not grow with the file), or
 * on Apache Spark with {@code --spark}. See docs/annotate.md.
 */
@Command(
    name = "annotate",
    mixinStandardHelpOptions = true,
    description = {
      "Label every row of a TSV or JSON-lines corpus with every task of a model, writing JSON lines, "
          + "TSV or (with --spark) Parquet.",
      "Rows without text get null predictions and an error field; the run goes on."
    })
final class AnnotateCommand implements Callable<Integer> {
  @Mixin SettingsOptions settingsOptions;
  @Mixin ModelOptions modelOptions;

  /** The engines, for --spark to check --engine before Spark starts. */
  @Inject Engines engines;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "PATH",
      description = "Corpus: a .tsv file with a header, or .jsonl (one JSON object per line).")
  Path input;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "PATH",
      description =
          "Output file (a folder of part files with --spark); refused when it exists, unless --overwrite.")
  Path output;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "Output format: jsonl, tsv or parquet (parquet needs --spark). Default: from the --output "
              + "extension, else jsonl.")
  String format;

  @Option(
      names = "--text-column",
      defaultValue = "text",
      paramLabel = "NAME",
      description = "Column (or JSON field) with the text to label (default: text).")
  String textColumn;

  @Option(
      names = "--context-column",
      paramLabel = "NAME",
      description =
          "Column with each text's dialog context (default: context, read when the input has it).")
  String contextColumn;

  @Option(
      names = "--overwrite",
      description = "Replace an existing output (written aside, renamed at the end).")
  boolean overwrite;

  @Option(
      names = "--spark",
      paramLabel = "MASTER",
      description =
          "Run on Apache Spark: local[*], local[N] or a cluster URL (spark://..., yarn). bin/mtc adds the "
              + "spark module to the class path when this option is given.")
  String spark;

  @Override
  public Integer call() throws IOException {
    String outputFormat = outputFormat();
    modelOptions.checkEngine();
    settingsOptions.warnDataDirUnused("mtc annotate");
    if (spark != null) {
      return SparkAnnotation.run(this, outputFormat);
    }
    if (outputFormat.equals("parquet")) {
      throw new MtcException(
          "--format parquet is written through Spark only (Parquet's Java writer needs Hadoop's "
              + "libraries): add --spark local[*], or choose --format jsonl");
    }
    StagedOutput target = StagedOutput.claim(output, overwrite);
    boolean done = false;
    try (Classifier model = modelOptions.openClassifier(settingsOptions);
        CorpusReader in =
            CorpusReader.open(input, textColumn, contextColumnOrDefault(), contextColumn != null)) {
      ModelOptions.warnContextUnused(model, contextColumn != null);
      List<String> tasks = List.copyOf(model.labels().keySet());
      AnnotationWriter.checkNoClash(in.header(), tasks, input + ":1");
      try (RowProgress progress =
          new RowProgress(System.err, "annotate", 10, TrainingBar.interactive())) {
        // closed (its last rows written) before the last line says the rows are in the output
        try (AnnotationWriter out =
            AnnotationWriter.open(outputFormat, target.staged(), in.header(), tasks)) {
          annotate(model, in, out, Math.max(1, modelOptions.batchSize), progress);
        }
        progress.finish(output.toString());
      }
      done = true;
    } finally {
      if (done) {
        target.commit();
      } else {
        target.abandon();
      }
    }
    return 0;
  }

  /**
   * Reads {@code batchSize} rows at a time, predicts the ones with text in one call and writes them
   * all in input order; at most one batch is held.
   */
  static void annotate(
      Classifier model, CorpusReader in, AnnotationWriter out, int batchSize, RowProgress progress)
      throws IOException {
    List<CorpusReader.Row> batch = new ArrayList<>(batchSize);
    boolean checked = !in.header().isEmpty();
    for (CorpusReader.Row row = in.next(); row != null; row = in.next()) {
      if (!checked) {
        AnnotationWriter.checkNoClash(
            row.columns().keySet(), out.tasks, in.file + ":" + row.line());
        checked = true;
      }
      batch.add(row);
      if (batch.size() == batchSize) {
        writeBatch(model, batch, out);
        progress.add(batch.size());
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      writeBatch(model, batch, out);
      progress.add(batch.size());
    }
  }

  private static void writeBatch(
      Classifier model, List<CorpusReader.Row> batch, AnnotationWriter out) throws IOException {
    List<Input> inputs = new ArrayList<>(batch.size());
    for (CorpusReader.Row row : batch) {
      if (missingText(row.text()) == null) {
        inputs.add(Input.withContext(row.context(), row.text()));
      }
    }
    List<Prediction> predictions = inputs.isEmpty() ? List.of() : model.predict(inputs);
    int next = 0;
    for (CorpusReader.Row row : batch) {
      String error = missingText(row.text());
      out.write(row, error == null ? predictions.get(next++) : null, error);
    }
  }

  /** Why a row cannot be classified, or null when it can: the text is absent or empty. */
  static String missingText(String text) {
    // One message for null and blank: Spark's CSV reader turns an empty cell into null, and both
    // paths must agree.
    return text == null || text.isBlank() ? "no text" : null;
  }

  String contextColumnOrDefault() {
    return contextColumn == null ? "context" : contextColumn;
  }

  private String outputFormat() {
    String name =
        output.getFileName() == null
            ? ""
            : output.getFileName().toString().toLowerCase(Locale.ROOT);
    String chosen =
        format != null
            ? format.toLowerCase(Locale.ROOT)
            : name.endsWith(".tsv") ? "tsv" : name.endsWith(".parquet") ? "parquet" : "jsonl";
    if (!List.of("jsonl", "tsv", "parquet").contains(chosen)) {
      throw new MtcException("unknown --format '" + format + "'; choose jsonl, tsv or parquet");
    }
    return chosen;
  }
}
