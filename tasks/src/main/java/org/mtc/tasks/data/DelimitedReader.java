package org.mtc.tasks.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.mtc.core.MtcException;
import org.mtc.core.settings.DidYouMean;
import org.mtc.core.task.TaskSpec;

/**
 * Reads TSV and CSV split files with Apache Commons CSV: UTF-8 (an optional byte order mark is skipped), a
 * header row naming the columns, RFC 4180 quoting where needed ({@code "a ""quoted"" cell"}, tabs, commas and
 * line breaks inside quotes), no backslash escapes, cells kept exactly as written (no trimming). Blank lines are
 * skipped. Stateless and thread-safe.
 */
final class DelimitedReader {
  private static final CSVFormat TSV = format('\t');
  private static final CSVFormat CSV = format(',');

  private DelimitedReader() {
  }

  private static CSVFormat format(char delimiter) {
    return CSVFormat.Builder.create()
        .setDelimiter(delimiter)
        .setQuote('"')
        .setEscape((Character) null)
        .setRecordSeparator("\n")
        .setIgnoreEmptyLines(false)
        .setIgnoreSurroundingSpaces(false)
        .setTrim(false)
        .setAllowMissingColumnNames(true)
        .get();
  }

  /** Reads every data row of {@code file}; {@code tsv} picks the tab (else the comma) delimiter. */
  static List<RawRow> read(Path file, boolean tsv, TaskSpec spec) {
    String kind = tsv ? "TSV" : "CSV";
    long line = 1;
    try (BufferedReader in = Utf8Files.strictReader(file); CSVParser parser = (tsv ? TSV : CSV).parse(in)) {
      Iterator<CSVRecord> records = parser.iterator();
      if (!records.hasNext()) {
        throw new MtcException(file + ": the file is empty; expected a header row naming the columns '"
            + spec.textColumn() + "' and '" + spec.labelColumn() + "' (task '" + spec.name() + "', " + spec.where() + ")");
      }
      List<String> header = header(records.next());
      int textColumn = column(header, spec.textColumn(), "text-column", file, spec);
      int labelColumn = column(header, spec.labelColumn(), "label-column", file, spec);
      int contextColumn = spec.hasContext() ? column(header, spec.contextColumn(), "context-column", file, spec) : -1;
      List<RawRow> rows = new ArrayList<>();
      line = parser.getCurrentLineNumber() + 1;
      while (records.hasNext()) {
        CSVRecord record = records.next();
        int cells = record.size();
        if (cells == 1 && record.get(0).isEmpty()) {
          line = parser.getCurrentLineNumber() + 1;
          continue;
        }
        String where = file + ":" + line;
        if (cells != header.size()) {
          throw new MtcException(where + ": row has " + cells + " cell" + (cells == 1 ? "" : "s") + " but the header has "
              + header.size() + " (" + String.join(", ", header) + "); a " + (tsv ? "tab" : "comma")
              + " or line break inside a text must be in a quoted cell (\"...\", with inner quotes doubled)");
        }
        rows.add(new RawRow(record.get(textColumn), LabelCells.parse(record.get(labelColumn), spec, where), line,
            contextColumn < 0 ? "" : record.get(contextColumn)));
        line = parser.getCurrentLineNumber() + 1;
      }
      return rows;
    } catch (UncheckedIOException e) {
      throw failure(file, line, kind, e.getCause());
    } catch (IOException e) {
      throw failure(file, line, kind, e);
    }
  }


  private static List<String> header(CSVRecord record) {
    List<String> names = new ArrayList<>(record.size());
    for (String name : record) {
      names.add(name.trim());
    }
    return names;
  }

  private static int column(List<String> header, String name, String setting, Path file, TaskSpec spec) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new MtcException(file + ":1: no column '" + name + "' in the header" + suggestion(name, header)
          + " Columns present: " + String.join(", ", header) + ". Fix the header, or set " + setting + " = <column>"
          + " in the entry of task '" + spec.name() + "' (" + spec.where() + ")");
    }
    return i;
  }

  private static MtcException failure(Path file, long line, String kind, Throwable e) {
    if (e instanceof NoSuchFileException) {
      return new MtcException(file + ": no such file", e);
    }
    if (e instanceof FileSystemException) {
      return new MtcException(file + ": cannot read the file: " + e.getMessage(), e);
    }
    if (e instanceof CharacterCodingException) {
      return new MtcException(file + ":" + org.mtc.core.io.Utf8LineReader.firstMalformedLine(file) + ": not valid UTF-8 "
          + "text; save the file as UTF-8 (for example `iconv -f latin1 -t utf-8`)", e);
    }
    if (!(e instanceof CSVException)) {
      return new MtcException(file + ":" + line + ": cannot read the file: " + e, e);
    }
    return new MtcException(file + ":" + line + ": malformed " + kind + " row: " + e.getMessage() + ". A cell that "
        + "starts with a double quote must end with one, and quotes inside a quoted cell are doubled (\"\")", e);
  }

  private static String suggestion(String name, List<String> known) {
    String suggestion = DidYouMean.suggest(name, known);
    return suggestion.isEmpty() ? "." : suggestion;
  }
}
