package org.mtc.bench.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mtc.core.MtcException;

/** The entry of {@code mtc bench serve} for the command: reads the texts, runs {@link ServeBench}, writes the report. */
public final class ServeBenchRun {
  private ServeBenchRun() {
  }

  /** Runs every phase and writes serve.md, serve.json and serve.png into {@code run}; prints the goals. */
  public static void run(Path model, String engine, List<String> texts, int clients, double seconds,
      double warmupSeconds, int maxBatch, String maxDelay, List<String> jvmOptions, List<String> serverSettings,
      Path run, long startTimeout,
      String command, Map<String, String> facts) throws IOException, InterruptedException {
    ServeBench bench = new ServeBench(model, engine, texts, clients, seconds, warmupSeconds, maxBatch, maxDelay,
        jvmOptions, serverSettings, run.resolve("logs"), startTimeout);
    ServeBench.Report report = bench.run(System.err);
    ServeReport.write(report, command, facts, run);
    System.out.println("goals (" + run.resolve(ServeReport.MARKDOWN) + "):");
    for (ServeReport.Goal g : ServeReport.goals(report)) {
      System.out.printf("  %-8s %s: %s (target %s)%n", g.met() ? "met" : "NOT MET", g.goal(), g.measured(),
          g.target());
    }
  }

  /** The {@code text} column of a TSV file with a header, the first {@code limit} non-empty texts. */
  public static List<String> readTexts(Path file, int limit) throws IOException {
    var format = org.apache.commons.csv.CSVFormat.TDF.builder().setHeader().setSkipHeaderRecord(true).get();
    List<String> out = new ArrayList<>();
    try (var reader = java.nio.file.Files.newBufferedReader(file, StandardCharsets.UTF_8);
        var parser = format.parse(reader)) {
      if (!parser.getHeaderMap().containsKey("text")) {
        throw new MtcException(file + ":1: no 'text' column; --texts takes a TSV file with a text column");
      }
      for (var record : parser) {
        if (out.size() >= limit) {
          break;
        }
        String t = record.get("text");
        if (!t.isBlank()) {
          out.add(t);
        }
      }
    } catch (java.nio.file.NoSuchFileException e) {
      throw new MtcException("texts file " + file + " does not exist; pass --texts FILE or --data-dir DIR");
    }
    if (out.isEmpty()) {
      throw new MtcException(file + " has no texts");
    }
    return out;
  }
}
