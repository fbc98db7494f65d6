package org.mtc.tasks.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVRecord;
import org.mtc.core.MtcException;
import org.mtc.core.settings.DidYouMean;
import org.mtc.core.task.TaskSpec;

/**
 * Reads TSV and CSV split files as {@link Tsv} configures them: UTF-8 (an optional byte order mark
 * is skipped), a header row naming the columns, RFC 4180 quoting where needed ({@code "a ""quoted""
 * cell"}, tabs, commas and line breaks inside quotes), no backslash escapes, cells kept exactly as
 * written (no trimming). Blank lines, and lines holding only an empty quoted cell, are skipped.
 * Stateless and thread-safe.
 */
final class DelimitedReader {
  private DelimitedReader() {}

  /** Reads every data row of {@code file}; {@code tsv} picks the tab (else the comma) delimiter. */
  static List<RawRow> read(Path file, boolean tsv, TaskSpec spec) {
    String kind = tsv ? "TSV" : "CSV";
    Tsv.Rows rows = null;
    try (BufferedReader in = Utf8Files.strictReader(file)) {
      rows = Tsv.rows(in, tsv ? Tsv.READING : Tsv.CSV_READING);
      CSVRecord first = rows.next();
      if (first == null) {
        throw new MtcException(
            file
                + ": the file is empty; expected a header row naming the columns '"
                + spec.textColumn()
                + "' and '"
                + spec.labelColumn()
                + "' (task '"
                + spec.name()
                + "', "
                + spec.where()
                + ")");
      }
      List<String> header = Tsv.names(first);
      String at = file + ":" + rows.line();
      int textColumn = column(header, spec.textColumn(), "text-column", at, spec);
      int labelColumn = column(header, spec.labelColumn(), "label-column", at, spec);
      int contextColumn =
          spec.hasContext() ? column(header, spec.contextColumn(), "context-column", at, spec) : -1;
      List<RawRow> out = new ArrayList<>();
      for (CSVRecord record = rows.next(); record != null; record = rows.next()) {
        int cells = record.size();
        if (cells == 1 && record.get(0).isEmpty()) {
          continue;
        }
        String where = file + ":" + rows.line();
        if (cells != header.size()) {
          throw cellCountMismatch(where, cells, header, tsv);
        }
        out.add(
            new RawRow(
                record.get(textColumn),
                LabelCells.parse(record.get(labelColumn), spec, where),
                rows.line(),
                contextColumn < 0 ? "" : record.get(contextColumn)));
      }
      return out;
    } catch (UncheckedIOException e) {
      throw failure(file, rows == null ? 1 : rows.nextLine(), kind, e.getCause());
    } catch (IOException e) {
      throw failure(file, rows == null ? 1 : rows.nextLine(), kind, e);
    }
  }

  private static int column(
      List<String> header, String name, String setting, String at, TaskSpec spec) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new MtcException(
          at
              + ": no column '"
              + name
              + "' in the header"
              + suggestion(name, header)
              + " Columns present: "
              + String.join(", ", header)
              + ". Fix the header, or set "
              + setting
              + " = <column>"
              + " in the entry of task '"
              + spec.name()
              + "' ("
              + spec.where()
              + ")");
    }
    return i;
  }

  /** The error for a data row whose cell count differs from the header's. */
  private static MtcException cellCountMismatch(
      String where, int cells, List<String> header, boolean tsv) {
    return new MtcException(
        where
            + ": row has "
            + cells
            + " cell"
            + (cells == 1 ? "" : "s")
            + " but the header has "
            + header.size()
            + " ("
            + String.join(", ", header)
            + "); a "
            + (tsv ? "tab" : "comma")
            + " or line break inside a text must be in a quoted cell (\"...\", with inner quotes doubled)");
  }

  private static MtcException failure(Path file, long line, String kind, Throwable e) {
    if (e instanceof NoSuchFileException) {
      return new MtcException(file + ": no such file", e);
    }
    if (e instanceof FileSystemException) {
      return new MtcException(file + ": cannot read the file: " + e.getMessage(), e);
    }
    if (e instanceof CharacterCodingException) {
      return Utf8Files.notUtf8(file, e);
    }
    if (!(e instanceof CSVException)) {
      return new MtcException(file + ":" + line + ": cannot read the file: " + e, e);
    }
    return new MtcException(Tsv.malformed(file + ":" + line, kind, e), e);
  }

  private static String suggestion(String name, List<String> known) {
    String suggestion = DidYouMean.suggest(name, known);
    return suggestion.isEmpty() ? "." : suggestion;
  }
}
