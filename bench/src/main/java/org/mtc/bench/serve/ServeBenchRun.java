package org.mtc.bench.serve;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.mtc.core.MtcException;
import org.mtc.tasks.data.Tsv;
import org.mtc.tasks.data.Utf8Files;

/**
 * The entry of {@code mtc bench serve} for the command: reads the texts, runs {@link ServeBench},
 * writes the report.
 */
public final class ServeBenchRun {
  private ServeBenchRun() {}

  /**
   * Runs every phase of {@code bench} and writes serve.md, serve.json and serve.png into {@code
   * run}; prints the goals.
   */
  public static void run(ServeBench bench, Path run, String command, Map<String, String> facts)
      throws IOException, InterruptedException {
    ServeBench.Report report = bench.run(System.err);
    ServeReport.write(report, command, facts, run);
    System.out.println("goals (" + run.resolve(ServeReport.MARKDOWN) + "):");
    for (ServeReport.Goal g : ServeReport.goals(report)) {
      System.out.printf(
          "  %-8s %s: %s (target %s)%n",
          g.met() ? "met" : "NOT MET", g.goal(), g.measured(), g.target());
    }
  }

  /**
   * The {@code text} column of a TSV file with a header (read as every TSV reader of mtc reads it,
   * {@link Tsv}), the first {@code limit} non-blank texts.
   */
  public static List<String> readTexts(Path file, int limit) throws IOException {
    List<String> out = new ArrayList<>();
    Tsv.Rows rows = null;
    try (BufferedReader in = Utf8Files.strictReader(file)) {
      rows = Tsv.rows(in);
      CSVRecord first = rows.next();
      int text = first == null ? -1 : Tsv.names(first).indexOf("text");
      if (text < 0) {
        throw new MtcException(
            file + ":1: no 'text' column; --texts takes a TSV file with a text column");
      }
      while (out.size() < limit) {
        CSVRecord record = rows.next();
        if (record == null) {
          break;
        }
        String t = text < record.size() ? record.get(text) : "";
        if (!t.isBlank()) {
          out.add(t);
        }
      }
    } catch (NoSuchFileException e) {
      throw new MtcException(
          "texts file " + file + " does not exist; pass --texts FILE or --data-dir DIR");
    } catch (UncheckedIOException e) {
      long line = rows == null ? 1 : rows.nextLine();
      throw new MtcException(Tsv.malformed(file + ":" + line, "TSV", e.getCause()), e.getCause());
    }
    if (out.isEmpty()) {
      throw new MtcException(file + " has no texts");
    }
    return out;
  }
}
