package org.mtc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVRecord;
import org.mtc.core.MtcException;
import org.mtc.core.io.Utf8LineReader;
import org.mtc.tasks.data.Tsv;
import org.mtc.tasks.data.Utf8Files;

/**
 * Reads the rows of a corpus to annotate one at a time, so a file of any length streams: a TSV file
 * with a header (as {@link Tsv} configures it for every reader, the task data's included) or JSON
 * lines (one object per line, Jackson). Every row keeps all its columns, in file order, for the
 * output. Not thread-safe; owns its file.
 */
abstract class CorpusReader implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One input row.
   *
   * @param line the line it starts on (1 is a TSV file's header)
   * @param columns every column, in file order: strings (TSV) or JSON values (JSON lines)
   * @param text the text to classify, null when the row has none (absent or JSON null)
   * @param context the dialog context, {@code ""} for none
   */
  record Row(long line, Map<String, Object> columns, String text, String context) {}

  final Path file;
  final String textColumn;
  final String contextColumn;
  final boolean contextRequired;

  private CorpusReader(
      Path file, String textColumn, String contextColumn, boolean contextRequired) {
    this.file = file;
    this.textColumn = textColumn;
    this.contextColumn = contextColumn;
    this.contextRequired = contextRequired;
  }

  /**
   * Opens {@code file}: JSON lines when its name ends in {@code .jsonl}, {@code .json} or {@code
   * .ndjson}, else TSV. {@code contextColumn} is read when present; when {@code contextRequired},
   * its absence is an error.
   *
   * @throws MtcException naming the file when it is missing, or naming the file, the column and the
   *     columns present when it has no {@code textColumn}
   */
  static CorpusReader open(
      Path file, String textColumn, String contextColumn, boolean contextRequired) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    BufferedReader in = openUtf8(file);
    return name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")
        ? new JsonLines(file, in, textColumn, contextColumn, contextRequired)
        : new TsvFile(file, in, textColumn, contextColumn, contextRequired);
  }

  /** The next row, or null at the end of the file. */
  abstract Row next();

  /** The column names known before the first row (a TSV header), or empty (JSON lines). */
  abstract List<String> header();

  @Override
  public abstract void close();

  MtcException noTextColumn(long line, Iterable<String> present) {
    return new MtcException(
        file
            + ":"
            + line
            + ": no column '"
            + textColumn
            + "' (columns: "
            + String.join(", ", present)
            + "); name the text column with --text-column");
  }

  /**
   * The error for a read that failed near {@code line}: invalid UTF-8 is named at the line that
   * holds it (the reader reads ahead, so {@code line} may be earlier), a malformed TSV row with the
   * quoting rule, anything else with the line and the cause's message.
   */
  MtcException failure(long line, Exception e) {
    Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof CharacterCodingException) {
      return Utf8LineReader.notUtf8(file, cause);
    }
    if (cause instanceof CSVException) {
      return new MtcException(Tsv.malformed(file + ":" + line, "TSV", cause), cause);
    }
    return new MtcException(
        file + ":" + line + ": cannot read the file: " + cause.getMessage(), cause);
  }

  private static BufferedReader openUtf8(Path file) {
    if (Files.isDirectory(file)) {
      throw new MtcException(
          "--input " + file + " is a directory; --input takes a .tsv or .jsonl file");
    }
    try {
      return Utf8Files.strictReader(file);
    } catch (NoSuchFileException e) {
      throw new MtcException(
          "input file " + file + " does not exist; --input takes a .tsv or .jsonl file");
    } catch (
        CharacterCodingException e) { // the first read fills the buffer, so a short file fails here
      throw Utf8LineReader.notUtf8(file, e);
    } catch (IOException e) {
      throw new MtcException("cannot read input file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * TSV with a header row, read as {@link Tsv} configures it (blank lines skipped); a row whose
   * cell count differs from the header's is an error naming the line it starts on.
   */
  private static final class TsvFile extends CorpusReader {
    private final BufferedReader in;
    private final Tsv.Rows rows;
    private final List<String> header;
    private final int text;
    private final int context;

    TsvFile(
        Path file,
        BufferedReader in,
        String textColumn,
        String contextColumn,
        boolean contextRequired) {
      super(file, textColumn, contextColumn, contextRequired);
      this.in = in;
      try {
        rows = Tsv.rows(in);
        CSVRecord first = rows.next();
        if (first == null) {
          throw new MtcException(
              file
                  + ": the file is empty; expected a header row naming the column '"
                  + textColumn
                  + "'");
        }
        header = Tsv.names(first);
      } catch (IOException | UncheckedIOException e) {
        close();
        throw failure(1, e);
      }
      text = header.indexOf(textColumn);
      context = header.indexOf(contextColumn);
      if (text < 0) {
        close();
        throw noTextColumn(rows.line(), header);
      }
      if (context < 0 && contextRequired) {
        close();
        throw new MtcException(
            file
                + ":"
                + rows.line()
                + ": no column '"
                + contextColumn
                + "' (columns: "
                + String.join(", ", header)
                + "); name the context column with --context-column, or leave it out");
      }
    }

    @Override
    Row next() {
      try {
        CSVRecord record = rows.next();
        if (record == null) {
          return null;
        }
        long line = rows.line();
        if (record.size() != header.size()) {
          throw new MtcException(
              file
                  + ":"
                  + line
                  + ": row has "
                  + record.size()
                  + " cells but the header has "
                  + header.size()
                  + " ("
                  + String.join(", ", header)
                  + "); a tab or line break inside a text must be in "
                  + "a quoted cell (\"...\", with inner quotes doubled)");
        }
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
          columns.put(header.get(i), record.get(i));
        }
        return new Row(line, columns, record.get(text), context < 0 ? "" : record.get(context));
      } catch (UncheckedIOException e) {
        throw failure(rows.nextLine(), e);
      }
    }

    @Override
    List<String> header() {
      return header;
    }

    @Override
    public void close() {
      try {
        in.close();
      } catch (IOException e) {
        // nothing was written; a failed close of an input loses nothing
      }
    }
  }

  /**
   * One JSON object per line; blank lines are skipped, anything else is an error naming the line.
   */
  private static final class JsonLines extends CorpusReader {
    private final BufferedReader in;
    private long line;
    private boolean first = true;

    JsonLines(
        Path file,
        BufferedReader in,
        String textColumn,
        String contextColumn,
        boolean contextRequired) {
      super(file, textColumn, contextColumn, contextRequired);
      this.in = in;
    }

    @Override
    Row next() {
      try {
        for (String s = in.readLine(); s != null; s = in.readLine()) {
          line++;
          if (s.isBlank()) {
            continue;
          }
          JsonNode node;
          try {
            node = JSON.readTree(s);
          } catch (JsonProcessingException e) {
            throw new MtcException(
                file
                    + ":"
                    + line
                    + ": not a JSON object ("
                    + e.getOriginalMessage()
                    + "); JSON lines input needs one object per line, e.g. {\""
                    + textColumn
                    + "\": \"i love dogs\"}");
          }
          if (!(node instanceof ObjectNode object)) {
            throw new MtcException(
                file
                    + ":"
                    + line
                    + ": not a JSON object but "
                    + node.getNodeType()
                    + "; JSON lines input needs one object per line, e.g. {\""
                    + textColumn
                    + "\": \"i love dogs\"}");
          }
          if (first && !object.has(textColumn)) {
            throw noTextColumn(line, () -> object.fieldNames());
          }
          if (first && contextRequired && !object.has(contextColumn)) {
            throw new MtcException(
                file
                    + ":"
                    + line
                    + ": no column '"
                    + contextColumn
                    + "'; name the context "
                    + "column with --context-column, or leave it out");
          }
          first = false;
          Map<String, Object> columns = new LinkedHashMap<>();
          object.fields().forEachRemaining(e -> columns.put(e.getKey(), e.getValue()));
          return new Row(
              line,
              columns,
              string(object.get(textColumn)),
              orEmpty(string(object.get(contextColumn))));
        }
        return null;
      } catch (IOException | UncheckedIOException e) {
        throw failure(line, e);
      }
    }

    private static String string(JsonNode node) {
      return node == null || node.isNull()
          ? null
          : node.isTextual() ? node.textValue() : node.toString();
    }

    private static String orEmpty(String s) {
      return s == null ? "" : s;
    }

    @Override
    List<String> header() {
      return List.of();
    }

    @Override
    public void close() {
      try {
        in.close();
      } catch (IOException e) {
        // nothing was written; a failed close of an input loses nothing
      }
    }
  }
}
