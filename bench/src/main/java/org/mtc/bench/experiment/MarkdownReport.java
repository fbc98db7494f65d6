package org.mtc.bench.experiment;

import java.util.List;
import java.util.Locale;

/** Renders a {@link BenchResult} as the markdown of {@code report.md}. Stateless. */
final class MarkdownReport {
  private MarkdownReport() {}

  static String render(
      BenchResult r, List<Goals.Goal> goals, List<String> charts, String chartError) {
    StringBuilder md =
        new StringBuilder("# mtc bench: one multitask model vs one single-task model per task\n\n");
    md.append("```\n").append(r.command()).append("\n```\n\n");
    md.append(
        f(
            "%d tasks, %d measured by both; wall time %.1f min; %d failure(s).%n%n",
            r.tasks().size(),
            r.multitask().keySet().stream().filter(r.singleTask()::containsKey).count(),
            r.wallSeconds() / 60,
            r.failures().size()));
    md.append("## Goals\n\n| goal | target | measured | verdict |\n|---|---|---|---|\n");
    goals.forEach(
        g ->
            md.append(
                f("| %s | %s | %s | **%s** |%n", g.goal(), g.target(), g.measured(), g.verdict())));
    AccuracyReport.render(r, md);
    StrategyReport.render(r, md);
    memory(r, md);
    speed(r, md);
    training(r, md);
    failures(r, chartError, md);
    if (!charts.isEmpty()) {
      md.append("\n## Charts\n\n");
      charts.forEach(c -> md.append(f("![%s](%s)%n%n", c.replace(".png", ""), c)));
    }
    md.append("\n## Notes\n\n");
    r.notes().forEach(n -> md.append("- ").append(n).append('\n'));
    md.append("\n## Versions\n\n");
    r.versions().forEach((k, v) -> md.append(f("- %s: %s%n", k, v)));
    md.append(
        "\n## Data files\n\n| task | split | file | bytes | SHA-256 |\n|---|---|---|---:|---|\n");
    r.dataFiles()
        .forEach(
            d ->
                md.append(
                    f(
                        "| %s | %s | %s | %d | `%s` |%n",
                        d.task(), d.split(), d.path(), d.bytes(), d.sha256())));
    md.append("\n## Settings\n\n```hocon\n").append(r.settings().strip()).append("\n```\n");
    return md.toString();
  }

  private static void speed(BenchResult r, StringBuilder md) {
    md.append("\n## Speed\n\n");
    r.speed()
        .ifPresentOrElse(
            sp -> {
              md.append(
                  f(
                      "%d test texts of every task (with their dialog context where they have one), batch %d, every one "
                          + "answered for all %d tasks; fastest of %d alternating rounds. The multitask model encodes each batch once, "
                          + "and once more as (context, text) pairs when a task reads a context.%n%n",
                      sp.texts(), sp.batchSize(), sp.tasks(), sp.rounds()));
              md.append("| configuration | seconds | texts/s |\n|---|---:|---:|\n");
              md.append(
                  f(
                      "| multitask (shared encoder passes + %d heads) | %.3f | %.1f |%n",
                      sp.tasks(), sp.multitaskSeconds(), sp.multitaskTextsPerSecond()));
              md.append(
                  f(
                      "| every single-task model (%d encoder passes) | %.3f | %.1f |%n",
                      sp.tasks(), sp.singleTaskSeconds(), sp.singleTaskTextsPerSecond()));
              md.append(
                  f(
                      "%nMultitask is %.2fx faster. In its pass the encoder took %.3f s and the heads %.4f s (%.2f%% of "
                          + "the encoder's time).%n",
                      sp.speedup(),
                      sp.encoderSeconds(),
                      sp.headsSeconds(),
                      100 * sp.headsOverEncoder()));
            },
            () -> md.append("Not measured (see failures).\n"));
  }

  private static void training(BenchResult r, StringBuilder md) {
    md.append(
        "\n## Training\n\n| configuration | examples | steps | minutes | best mean dev score | peak RSS (MB) |\n"
            + "|---|---:|---:|---:|---:|---:|\n");
    r.trainings()
        .forEach(
            t ->
                md.append(
                    f(
                        "| %s | %d | %d | %.1f | %.4f | %s |%n",
                        t.configuration(),
                        t.examples(),
                        t.steps(),
                        t.seconds() / 60,
                        t.bestDevMean(),
                        mb(t.peakRssBytes()))));
  }

  /** The run's failures and a chart that could not be drawn, or "None.". */
  private static void failures(BenchResult r, String chartError, StringBuilder md) {
    md.append("\n## Failures\n\n");
    if (r.failures().isEmpty() && chartError == null) {
      md.append("None.\n");
    } else {
      md.append("| configuration | stage | reason |\n|---|---|---|\n");
      r.failures()
          .forEach(
              x ->
                  md.append(
                      f("| %s | %s | %s |%n", x.configuration(), x.stage(), cell(x.reason()))));
      if (chartError != null) {
        md.append(f("| charts | report | %s |%n", cell(chartError)));
      }
    }
  }

  private static void memory(BenchResult r, StringBuilder md) {
    md.append(
        "\n## Memory (inference, each configuration in its own JVM)\n\n| configuration | models | RSS after "
            + "load (MB) | RSS after predicting (MB) | peak RSS (MB) | encoder params (MB) | heads params (KB) |\n"
            + "|---|---:|---:|---:|---:|---:|---:|\n");
    for (MemoryRecord m : r.memory()) {
      if (m.ok()) {
        md.append(
            f(
                "| %s | %d | %s | %s (%d texts) | %s | %s | %.1f |%n",
                m.configuration(),
                m.models(),
                mb(m.rssAfterLoad()),
                mb(m.rssAfterPredict()),
                m.texts(),
                mb(m.peakRss()),
                mb(m.encoderBytes()),
                m.headBytes() / 1e3));
      } else {
        md.append(f("| %s | %d | failed | | | | |%n", m.configuration(), m.models()));
      }
    }
    Summary s = Summary.of(r);
    if (s.sumSinglePeak() > 0) {
      List<MemoryRecord> singles =
          r.memory().stream().filter(m -> m.configuration().startsWith("single-task ")).toList();
      md.append(
          f(
              "| sum of the %d separate single-task JVMs | %d | %s | %s | %s | %s | %.1f |%n",
              singles.size(),
              singles.size(),
              mb(singles.stream().mapToLong(MemoryRecord::rssAfterLoad).sum()),
              mb(singles.stream().mapToLong(MemoryRecord::rssAfterPredict).sum()),
              mb((long) s.sumSinglePeak()),
              mb(singles.stream().mapToLong(MemoryRecord::encoderBytes).sum()),
              singles.stream().mapToLong(MemoryRecord::headBytes).sum() / 1e3));
    }
  }

  private static String mb(long bytes) {
    return bytes < 0 ? "-" : f("%.1f", bytes / 1e6);
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
