package org.mtc.bench.engines;

import java.nio.file.Path;
import java.util.Locale;
import org.mtc.bench.experiment.ReportFiles;

/** Renders an {@link EngineBench.Report} as a markdown table and as JSON. Stateless. */
public final class BenchReport {

  private BenchReport() {}

  public static String markdown(EngineBench.Report r, int batch, int texts) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "Machine: %s; fp32 matmul rate (ONNX Runtime MatMul): %.1f GFLOP/s%n%n",
            r.machine(),
            r.matmulGflops()));
    b.append(
        String.format(
            Locale.ROOT,
            "Throughput, best of the passes: %d texts given in one call, run in batches of %d (tokenising included):%n%n",
            texts,
            batch));
    throughputTable(b, r);
    rooflineTable(b, r);
    breakdownTable(b, r);
    for (String n : r.notes()) {
      b.append("\nNote: ").append(n).append('\n');
    }
    return b.toString();
  }

  /** Texts per second of each contender and max-length, against the peer at that length. */
  private static void throughputTable(StringBuilder b, EngineBench.Report r) {
    b.append(
        "| contender | max-length | texts/s | vs peer | max abs diff | note |\n|---|---:|---:|---:|---:|---|\n");
    for (EngineBench.Throughput t : r.throughput()) {
      double peer =
          r.throughput().stream()
              .filter(p -> p.maxLength() == t.maxLength() && p.contender().equals(Peer.NAME))
              .mapToDouble(EngineBench.Throughput::textsPerSecond)
              .findFirst()
              .orElse(Double.NaN);
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.1f | %.2fx | %.2e | %s |%n",
              t.contender(),
              t.maxLength(),
              t.textsPerSecond(),
              t.textsPerSecond() / peer,
              t.maxAbsDiff(),
              t.note()));
    }
  }

  /** Full batches' matrix-product rate against the machine's matmul rate. */
  private static void rooflineTable(StringBuilder b, EngineBench.Report r) {
    b.append("\nRoofline (full batches, matrix-product FLOPs / time / matmul rate):\n\n");
    b.append(
        "| contender | batch x length | ms/batch | GFLOP/s | share of matmul rate |\n|---|---|---:|---:|---:|\n");
    for (EngineBench.Roofline t : r.roofline()) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %d x %d | %.1f | %.1f | %.0f%% |%n",
              t.contender(),
              t.batch(),
              t.length(),
              t.msPerBatch(),
              t.gflops(),
              100 * t.share()));
    }
  }

  /** Where the onnx engine's time goes: tokenising, encoder and heads. */
  private static void breakdownTable(StringBuilder b, EngineBench.Report r) {
    b.append("\nWhere the time goes (onnx engine, all texts, ms):\n\n");
    b.append(
        "| max-length | mean tokens | tokenising | encoder | heads | heads (tasks) |\n|---:|---:|---:|---:|---:|---:|\n");
    for (EngineBench.Breakdown t : r.breakdown()) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %d | %.1f | %.1f | %.1f | %.1f | %d |%n",
              t.maxLength(),
              t.meanTokens(),
              t.tokenizeMs(),
              t.encoderMs(),
              t.headsMs(),
              t.heads()));
    }
  }

  /** Writes {@code engines.json} and {@code engines.md} into {@code dir}. */
  public static void write(EngineBench.Report r, String markdown, Path dir) {
    ReportFiles.write(r, markdown, dir, "engines", "the benchmark report");
  }
}
