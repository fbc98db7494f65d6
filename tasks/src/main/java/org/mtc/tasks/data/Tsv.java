package org.mtc.tasks.data;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The one configuration of the delimited text files mtc reads and writes (Apache Commons CSV), so
 * that a file one command writes or accepts, every other command reads the same way: the task data
 * reader (TSV, and CSV with a comma), {@code mtc annotate} and {@code mtc predict --input} (cli's
 * corpus reader), the annotation writer and the serve benchmark's texts.
 *
 * <p>Reading: a header row naming the columns (names trimmed), RFC 4180 quoting where needed
 * ({@code "a ""quoted"" cell"}, tabs and line breaks inside quotes), no backslash escapes, cells
 * kept exactly as written (no trimming), blank lines skipped. {@link Rows} gives each record with
 * the line it starts on. Writing ({@link #WRITING}): tab-separated, a cell quoted only where it
 * needs it, {@code \n} between records. Stateless and thread-safe; a {@link Rows} is not.
 */
public final class Tsv {
  /** How a TSV file is read. */
  public static final CSVFormat READING = reading('\t');

  /** How a TSV file is written: read back by {@link #READING} into the same cells. */
  public static final CSVFormat WRITING = CSVFormat.TDF.builder().setRecordSeparator('\n').get();

  /** {@link #READING} with commas: a task data file in CSV. */
  static final CSVFormat CSV_READING = reading(',');

  private Tsv() {}

  private static CSVFormat reading(char delimiter) {
    return CSVFormat.Builder.create()
        .setDelimiter(delimiter)
        .setQuote('"')
        .setEscape((Character) null)
        .setIgnoreEmptyLines(true)
        .setIgnoreSurroundingSpaces(false)
        .setTrim(false)
        .setAllowMissingColumnNames(true)
        .get();
  }

  /** The records of a TSV file read with {@link #READING}, its header first. */
  public static Rows rows(Reader in) throws IOException {
    return new Rows(READING.parse(in));
  }

  /** The records of a file read with {@code format} ({@link #READING} or {@link #CSV_READING}). */
  static Rows rows(Reader in, CSVFormat format) throws IOException {
    return new Rows(format.parse(in));
  }

  /** The column names of a header record, trimmed, in file order. */
  public static List<String> names(CSVRecord header) {
    List<String> names = new ArrayList<>(header.size());
    for (String name : header) {
      names.add(name.trim());
    }
    return names;
  }

  /**
   * The message for a row the parser refused ({@link org.apache.commons.csv.CSVException}), with
   * the quoting rule.
   *
   * @param where {@code file:line}
   * @param kind {@code TSV} or {@code CSV}
   */
  public static String malformed(String where, String kind, Throwable cause) {
    return where
        + ": malformed "
        + kind
        + " row: "
        + cause.getMessage()
        + ". A cell that starts with a double quote "
        + "must end with one, and quotes inside a quoted cell are doubled (\"\")";
  }

  /**
   * The records of one file in order, blank lines skipped, each with the line it starts on (a
   * quoted cell may span lines). Reading throws {@link java.io.UncheckedIOException} as Commons CSV
   * does: around a {@link org.apache.commons.csv.CSVException} for a malformed row, or the reader's
   * own failure (such as invalid UTF-8). Not thread-safe.
   */
  public static final class Rows {
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private long line;
    private long nextLine = 1;

    private Rows(CSVParser parser) {
      this.parser = parser;
      this.records = parser.iterator();
    }

    /** The next record (the header, first), or null at the end of the file. */
    public CSVRecord next() {
      if (!records.hasNext()) {
        return null;
      }
      CSVRecord record = records.next();
      line = parser.getCurrentLineNumber() - lineBreaks(record);
      nextLine = parser.getCurrentLineNumber() + 1;
      return record;
    }

    /** The 1-based line where the record last returned by {@link #next} starts. */
    public long line() {
      return line;
    }

    /**
     * The line after the last record {@link #next} returned (1 before the first): where a row that
     * fails to parse starts, or the blank lines before it, for messages.
     */
    public long nextLine() {
      return nextLine;
    }

    /**
     * Line breaks inside the record's quoted cells ({@code \r\n}, {@code \r} and {@code \n} count
     * one each).
     */
    private static long lineBreaks(CSVRecord record) {
      long n = 0;
      for (String cell : record) {
        for (int i = 0; i < cell.length(); i++) {
          char c = cell.charAt(i);
          if (c == '\n' || c == '\r' && (i + 1 == cell.length() || cell.charAt(i + 1) != '\n')) {
            n++;
          }
        }
      }
      return n;
    }
  }
}
