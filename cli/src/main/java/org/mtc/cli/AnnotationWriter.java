package org.mtc.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVPrinter;
import org.mtc.core.MtcException;
import org.mtc.tasks.data.Tsv;
import org.mtc.tasks.predict.Prediction;
import org.mtc.tasks.predict.TaskPrediction;

/**
 * Writes annotated rows as they come: each input row's columns, then one field per task, then
 * {@code error} for a row that got no predictions. JSON lines: {@code {...input, "mood": {"label":
 * "good", "probs": {...}}, "tags": {"labels": [...], "probs": {...}}}}, a task field is null and
 * {@code "error"} says why when the row has no text. TSV: the input columns, then per task its
 * label (labels joined by {@code |}) and {@code <task>.probs} (a JSON object), then {@code error}.
 * Not thread-safe; owns its file.
 */
abstract class AnnotationWriter implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final List<String> tasks;
  private Path file;

  private AnnotationWriter(List<String> tasks) {
    this.tasks = tasks;
  }

  /** A writer of {@code format} ({@code jsonl} or {@code tsv}) to {@code file}. */
  static AnnotationWriter open(String format, Path file, List<String> header, List<String> tasks) {
    try {
      BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      AnnotationWriter writer =
          format.equals("tsv") ? new TsvFile(out, header, tasks) : new JsonLines(out, tasks);
      writer.file = file;
      return writer;
    } catch (IOException e) {
      throw new MtcException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes one row with its prediction, or with {@code prediction == null} and the {@code error}.
   *
   * @throws MtcException naming the file when it cannot be written (a full disk)
   */
  final void write(CorpusReader.Row row, Prediction prediction, String error) {
    try {
      writeRow(row, prediction, error);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  abstract void writeRow(CorpusReader.Row row, Prediction prediction, String error)
      throws IOException;

  /** A write that failed (the disk is full, the folder went away): one line naming the file. */
  MtcException failed(IOException e) {
    return new MtcException(
        "could not write the output to "
            + file
            + ": "
            + e.getMessage()
            + " (check that the "
            + "disk has space and the folder is writable); nothing was written under the output name",
        e);
  }

  @Override
  public abstract void close();

  /** The output column names a row must not already have. */
  static void checkNoClash(Iterable<String> columns, List<String> tasks, String where) {
    for (String column : columns) {
      if (tasks.contains(column) || column.equals("error")) {
        throw new MtcException(
            where
                + ": the input has a column '"
                + column
                + "', which the output adds ("
                + (column.equals("error") ? "the error of rows without text" : "the model's task")
                + "); rename it");
      }
    }
  }

  private static final class JsonLines extends AnnotationWriter {
    private final JsonGenerator json;
    private boolean any;

    JsonLines(BufferedWriter out, List<String> tasks) throws IOException {
      super(tasks);
      json = JSON.getFactory().createGenerator(out);
      json.setRootValueSeparator(new SerializedString("\n"));
    }

    @Override
    void writeRow(CorpusReader.Row row, Prediction prediction, String error) throws IOException {
      any = true;
      json.writeStartObject();
      for (Map.Entry<String, Object> column : row.columns().entrySet()) {
        json.writeFieldName(column.getKey());
        json.writeObject(column.getValue());
      }
      for (String task : tasks) {
        json.writeFieldName(task);
        if (prediction == null) {
          json.writeNull();
          continue;
        }
        TaskPrediction answer = prediction.task(task);
        json.writeStartObject();
        if (answer.kind().exactlyOneLabel()) {
          json.writeStringField("label", answer.label());
        } else {
          json.writeArrayFieldStart("labels");
          for (String label : answer.labels()) {
            json.writeString(label);
          }
          json.writeEndArray();
        }
        json.writeObjectFieldStart("probs");
        for (Map.Entry<String, Float> p : answer.probabilities().entrySet()) {
          json.writeNumberField(p.getKey(), p.getValue());
        }
        json.writeEndObject();
        json.writeEndObject();
      }
      if (error != null) {
        json.writeStringField("error", error);
      }
      json.writeEndObject();
    }

    @Override
    public void close() {
      try {
        if (any) {
          json.writeRaw('\n');
        }
        json.close();
      } catch (IOException e) {
        throw failed(e);
      }
    }
  }

  /** TSV: the columns are the header of a TSV input, or those of the first row of JSON lines. */
  private static final class TsvFile extends AnnotationWriter {
    private final CSVPrinter printer;
    private final List<String> header;

    TsvFile(BufferedWriter out, List<String> header, List<String> tasks) throws IOException {
      super(tasks);
      this.header = new ArrayList<>(header);
      printer = new CSVPrinter(out, Tsv.WRITING); // read back as the input was
      if (!header.isEmpty()) {
        printHeader();
      }
    }

    private void printHeader() throws IOException {
      List<String> columns = new ArrayList<>(header);
      for (String task : tasks) {
        columns.add(task);
        columns.add(task + ".probs");
      }
      columns.add("error");
      printer.printRecord(columns);
    }

    @Override
    void writeRow(CorpusReader.Row row, Prediction prediction, String error) throws IOException {
      if (header.isEmpty()) {
        header.addAll(row.columns().keySet());
        printHeader();
      }
      for (String column : row.columns().keySet()) {
        if (!header.contains(column)) {
          throw new MtcException(
              "line "
                  + row.line()
                  + " has a field '"
                  + column
                  + "' that the first row did not "
                  + "have; TSV output needs the same columns in every row: choose --format jsonl");
        }
      }
      List<Object> cells = new ArrayList<>();
      for (String column : header) {
        Object value = row.columns().get(column);
        cells.add(
            value == null
                ? ""
                : value instanceof JsonNode node
                    ? (node.isTextual() ? node.textValue() : node.isNull() ? "" : node.toString())
                    : value);
      }
      for (String task : tasks) {
        if (prediction == null) {
          cells.add("");
          cells.add("");
        } else {
          TaskPrediction answer = prediction.task(task);
          cells.add(String.join("|", answer.labels()));
          cells.add(JSON.writeValueAsString(answer.probabilities()));
        }
      }
      cells.add(error == null ? "" : error);
      printer.printRecord(cells);
    }

    @Override
    public void close() {
      try {
        printer.close();
      } catch (IOException e) {
        throw failed(e);
      }
    }
  }
}
