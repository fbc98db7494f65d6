package org.mtc.bench.compose;

import java.nio.file.Path;
import java.util.Locale;
import org.mtc.bench.experiment.Failure;
import org.mtc.bench.experiment.MemoryRecord;
import org.mtc.bench.experiment.ReportFiles;
import org.mtc.tasks.compare.Comparison;
import org.mtc.tasks.compare.TaskComparison;

/**
 * Writes a compose run's {@code report.md} and {@code report.json} ({@link ComposeResult}): the
 * goals, the steps with their times and cost ratios, the add part's comparisons (old tasks of the
 * distilled add against the source, the frozen add's bitwise check, the new tasks three ways) and
 * the merge part's (every task against its source model, peak RSS). Stateless.
 */
public final class ComposeReport {
  /** The report's file name, without extension. */
  public static final String NAME = "report";

  private ComposeReport() {}

  /** Writes both files into {@code run}. */
  public static void write(ComposeResult r, Path run) {
    ReportFiles.write(r, markdown(r), run, NAME, "the compose report");
  }

  /** The markdown report. */
  static String markdown(ComposeResult r) {
    StringBuilder s = new StringBuilder("# Composing task sets: mtc bench compose\n\n");
    ComposePlan p = r.plan();
    s.append("`").append(p.command()).append("`\n\n");
    s.append(String.format(Locale.ROOT, "Wall time: %s.%n%n", minutes(r.seconds())));
    inputs(s, p);
    s.append("## Goals\n\n| goal | target | measured (points, 95% paired interval) | verdict |\n")
        .append("|---|---|---|---|\n");
    r.goals()
        .forEach(
            g ->
                s.append(
                    row(
                        g.goal(),
                        g.target(),
                        g.measured().isEmpty() ? "-" : g.measured(),
                        g.verdict())));
    steps(s, r);
    if (r.add() != null) {
      add(s, r.add(), p);
    }
    if (r.merge() != null) {
      merge(s, r.merge());
    }
    s.append("\n## Failures\n\n");
    if (r.failures().isEmpty()) {
      s.append("None.\n");
    }
    for (Failure f : r.failures()) {
      s.append("- ")
          .append(f.configuration())
          .append(" [")
          .append(f.stage())
          .append("]: ")
          .append(f.reason().replace('\n', ' '))
          .append('\n');
    }
    s.append("\n## Versions\n\n");
    r.versions().forEach((k, v) -> s.append("- ").append(k).append(": ").append(v).append('\n'));
    return s.toString();
  }

  private static void inputs(StringBuilder s, ComposePlan p) {
    s.append("## Inputs and budget\n\n")
        .append("- source model: `")
        .append(p.model())
        .append("` (")
        .append(String.join(", ", p.sourceTasks()))
        .append(")\n")
        .append("- new tasks: ")
        .append(String.join(", ", p.addedTasks()))
        .append(" (`")
        .append(p.newTasksFile())
        .append("`)\n")
        .append("- parts: ")
        .append(String.join(", ", p.parts()))
        .append('\n')
        .append("- trainings from scratch start from: ")
        .append(p.backboneNote())
        .append('\n')
        .append("- every training: `")
        .append(String.join(" ", p.budgetArgs()))
        .append("`")
        .append(" (budget.conf in the run directory)\n")
        .append("- trainings from scratch also: `")
        .append(String.join(" ", p.scratchArgs()))
        .append("`\n")
        .append("- distilled add also: `")
        .append(String.join(" ", p.distillArgs()))
        .append("`\n")
        .append("- data: `")
        .append(p.dataDir())
        .append("`\n")
        .append(
            String.format(
                Locale.ROOT,
                "- scoring: %s engine, %s, %d paired-bootstrap resamples (seed %d)%n%n",
                p.inferenceEngine(),
                p.maxTestPerTask() == 0
                    ? "whole test splits"
                    : "a seeded sample of " + p.maxTestPerTask() + " test examples per task",
                p.resamples(),
                p.seed()));
  }

  private static void steps(StringBuilder s, ComposeResult r) {
    s.append("\n## Steps and time\n\n| step | what | time | status |\n|---|---|---|---|\n");
    for (StepRecord step : r.steps()) {
      s.append(
          row(
              step.name(),
              step.what(),
              minutes(step.seconds()),
              step.ok()
                  ? (step.resumed() ? "ok (before a resume)" : "ok")
                  : "FAILED (exit " + step.exitCode() + ")"));
    }
    s.append("\nEach step's command is in `steps/<step>.json`, its output in `logs/<step>.log`.\n");
    if (r.add() != null) {
      s.append(
          String.format(
              Locale.ROOT,
              "%nCost against joint training (wall time, data loading and the teacher's predictions "
                  + "included): distilled add %s, frozen add %s.%n",
              ratio(r.add().distillCost()),
              ratio(r.add().frozenCost())));
    }
  }

  private static void add(StringBuilder s, ComposeResult.Add a, ComposePlan p) {
    s.append("\n## Add, distilled: old tasks against the source model\n\n");
    table(s, a.oldDistillVsSource(), "distilled", "source");
    s.append("\n## Add, frozen: old tasks bitwise\n\n");
    s.append("bitwise equal: ")
        .append(a.frozenBitwise() == null ? "not measured" : a.frozenBitwise().summary())
        .append('\n');
    s.append("\n## Add: the new tasks\n\n");
    s.append("Distilled add minus joint training:\n\n");
    table(s, a.newDistillVsJoint(), "distilled", "joint");
    s.append("\nFrozen add minus joint training:\n\n");
    table(s, a.newFrozenVsJoint(), "frozen", "joint");
    s.append("\nFrozen add minus distilled add:\n\n");
    table(s, a.newFrozenVsDistill(), "frozen", "distilled");
  }

  private static void merge(StringBuilder s, ComposeResult.Merge m) {
    s.append("\n## Merge: each task against its source model\n\n")
        .append("Model A: ")
        .append(String.join(", ", m.tasksA()))
        .append("; model B: ")
        .append(String.join(", ", m.tasksB()))
        .append(".\n\n");
    table(s, m.mergedVsSources(), "merged", "source");
    s.append("\n## Merge: memory\n\n| model | peak RSS | RSS after load | texts |\n")
        .append("|---|---|---|---|\n");
    for (MemoryRecord r : m.memory()) {
      s.append(
          r.ok()
              ? row(r.configuration(), mb(r.peakRss()), mb(r.rssAfterLoad()), "" + r.texts())
              : row(r.configuration(), "FAILED", "-", "-"));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "%nPeak RSS, merged / model A: %s.%n",
            m.peakRatio() == null
                ? "not measured"
                : String.format(Locale.ROOT, "%.3fx", m.peakRatio())));
  }

  /** A comparison as a table: accuracies, the difference with its interval, the verdict. */
  static void table(StringBuilder s, Comparison c, String a, String b) {
    if (c == null) {
      s.append("Not measured (see Failures).\n");
      return;
    }
    s.append(
            row(
                "task",
                "n",
                "accuracy " + a,
                "accuracy " + b,
                a + " - " + b + " (points)",
                "verdict",
                "macro-F1 difference"))
        .append("|---|---|---|---|---|---|---|\n");
    for (TaskComparison t : c.tasks()) {
      s.append(
          row(
              t.task(),
              "" + t.n(),
              pct(t.multitaskAccuracy()),
              pct(t.singleTaskAccuracy()),
              t.accuracy().points(),
              t.accuracy().verdict(a, b),
              t.macroF1().points()));
    }
    if (c.tasks().size() > 1) {
      TaskComparison worst =
          c.tasks().stream()
              .min(java.util.Comparator.comparingDouble(t -> t.accuracy().estimate()))
              .get();
      s.append(
          row(
              "**mean**",
              "",
              "",
              "",
              c.meanAccuracy().points(),
              c.meanAccuracy().verdict(a, b),
              c.meanMacroF1().points()));
      s.append(
          String.format(
              Locale.ROOT, "%nWorst task: %s, %s.%n", worst.task(), worst.accuracy().points()));
    }
  }

  private static String row(String... cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * v);
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%,.0f MB", bytes / 1e6);
  }

  private static String ratio(Double r) {
    return r == null ? "not measured" : String.format(Locale.ROOT, "%.1f%%", 100 * r);
  }

  static String minutes(double seconds) {
    long sec = Math.round(seconds);
    return String.format(Locale.ROOT, "%dm%02ds", sec / 60, sec % 60);
  }
}
