package org.mtc.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * The shared TSV configuration: records, the line each starts on, and a written file read back cell
 * for cell.
 */
class TsvTest {
  private static List<String> read(String tsv, List<Long> lines) throws Exception {
    Tsv.Rows rows = Tsv.rows(new StringReader(tsv));
    List<String> firstCells = new ArrayList<>();
    for (CSVRecord r = rows.next(); r != null; r = rows.next()) {
      firstCells.add(r.get(0));
      lines.add(rows.line());
    }
    return firstCells;
  }

  @Test
  void blankLinesAreSkippedAndEachRecordKnowsTheLineItStartsOn() throws Exception {
    List<Long> lines = new ArrayList<>();
    String tsv =
        "\r\n\r\n text \tlabel\r\n\"two\r\nlines\"\ta\r\n\r\n\n\"cr\ronly\"\tb\n\"\"\n last\tc";
    assertThat(read(tsv, lines)).containsExactly(" text ", "two\r\nlines", "cr\ronly", "", " last");
    assertThat(lines).containsExactly(3L, 4L, 8L, 10L, 11L);
    assertThat(Tsv.names(Tsv.rows(new StringReader(tsv)).next())).containsExactly("text", "label");
  }

  @Test
  void aMalformedRowIsNamedByTheLineAfterTheLastGoodRecord() throws Exception {
    Tsv.Rows rows = Tsv.rows(new StringReader("text\nok\n\"bad\"x\n"));
    rows.next();
    rows.next();
    assertThatThrownBy(rows::next).isInstanceOf(UncheckedIOException.class);
    assertThat(rows.nextLine()).isEqualTo(3);
    assertThat(Tsv.malformed("f.tsv:3", "TSV", new IOException("boom")))
        .startsWith("f.tsv:3: malformed TSV row: boom.")
        .contains("doubled");
  }

  @Test
  void whatTheWriterWritesTheReaderReadsBackCellForCell() throws Exception {
    List<String> cells =
        List.of(
            "tab\there",
            "\"quoted\" and \"\"doubled\"\"",
            "line\nbreak",
            "  spaces  ",
            "",
            "plain");
    StringWriter out = new StringWriter();
    try (CSVPrinter printer = new CSVPrinter(out, Tsv.WRITING)) {
      printer.printRecord(List.of("a", "b", "c", "d", "e", "f"));
      printer.printRecord(cells);
    }
    Tsv.Rows rows = Tsv.rows(new StringReader(out.toString()));
    rows.next();
    assertThat(rows.next().toList()).isEqualTo(cells);
    assertThat(rows.line()).isEqualTo(2);
    assertThat(rows.next()).isNull();
  }
}
