package org.mtc.bench.contention;

import java.nio.file.Path;
import java.util.Locale;
import org.mtc.bench.experiment.ReportFiles;

/**
 * Renders a {@link ContentionBench.Report} as markdown and JSON ({@code contention.md}, {@code
 * contention.json}).
 */
public final class ContentionReport {
  /** The goal: beside one busy process, at least this share of the throughput alone. */
  public static final double GOAL = 0.40;

  private ContentionReport() {}

  public static String markdown(ContentionBench.Report r) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "Machine: %s; load average %s before, %s after.%n",
            r.machine(),
            r.loadBefore(),
            r.loadAfter()));
    b.append(
        String.format(
            Locale.ROOT,
            "Each configuration in its own JVM: prediction of %d texts in calls of %d "
                + "(every task per text), then training in phases of %d steps of the trainer; each alternately alone and "
                + "beside one busy process (another JVM spinning one core), %d rounds, best phase of each reported; a phase "
                + "stops after %.0f s.%n%n",
            r.texts(),
            r.batch(),
            r.trainSteps(),
            r.rounds(),
            r.maxSeconds()));
    throughputTable(b, r);
    cpuTable(b, r);
    for (ContentionBench.Row row : r.rows()) {
      if (!row.ok()) {
        b.append("\nFailed: ").append(row.variant()).append(": ").append(row.error()).append('\n');
      }
    }
    b.append(String.format(Locale.ROOT, "%nGoal: busy/alone at least %.2f.%n", GOAL));
    return b.toString();
  }

  /** Texts and examples per second of each configuration, alone and beside a busy process. */
  private static void throughputTable(StringBuilder b, ContentionBench.Report r) {
    b.append(
        "| configuration | predict alone (texts/s) | predict busy | busy/alone | train alone (examples/s) "
            + "| train busy | busy/alone |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for (ContentionBench.Row row : r.rows()) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s | %s |%n",
              row.variant(),
              rate(row.predictAlone().perSecond()),
              rate(row.predictBusy().perSecond()),
              ratio(row.predictRatio()),
              rate(row.trainAlone().perSecond()),
              rate(row.trainBusy().perSecond()),
              ratio(row.trainRatio())));
    }
  }

  /** CPU time the measuring process used per item, for each configuration. */
  private static void cpuTable(StringBuilder b, ContentionBench.Report r) {
    b.append(
        "\nCPU time the measuring process used (ms per text predicted, per example trained); spinning threads "
            + "burn CPU without progress:\n\n");
    b.append(
        "| configuration | wait variables | predict alone | predict busy | train alone | train busy |\n"
            + "|---|---|---:|---:|---:|---:|\n");
    for (ContentionBench.Row row : r.rows()) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s |%n",
              row.variant(),
              row.waitEnv(),
              rate(row.predictAlone().cpuMsPerItem()),
              rate(row.predictBusy().cpuMsPerItem()),
              rate(row.trainAlone().cpuMsPerItem()),
              rate(row.trainBusy().cpuMsPerItem())));
    }
  }

  /** Writes {@code contention.json} and {@code contention.md} into {@code dir}. */
  public static void write(ContentionBench.Report r, String markdown, Path dir) {
    ReportFiles.write(r, markdown, dir, "contention", "the contention report");
  }

  private static String rate(double v) {
    return Double.isNaN(v) ? "failed" : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String ratio(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }
}
