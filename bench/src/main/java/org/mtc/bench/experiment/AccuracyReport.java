package org.mtc.bench.experiment;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.mtc.tasks.compare.Comparison;
import org.mtc.tasks.compare.Interval;
import org.mtc.tasks.compare.SeedSummary;
import org.mtc.tasks.compare.TaskComparison;
import org.mtc.tasks.eval.TaskMetrics;

/**
 * The accuracy sections of {@code report.md}: per seed, multitask vs single-task per task with
 * paired-bootstrap intervals and verdicts; with several seeds, mean ± sd per task and t-intervals
 * over seeds. Stateless.
 */
final class AccuracyReport {
  private AccuracyReport() {}

  static void render(BenchResult r, StringBuilder md) {
    r.seedSummary().ifPresent(s -> seeds(r, s, md));
    for (SeedRun run : r.seedRuns()) {
      perSeed(r, run, md);
    }
  }

  private static void seeds(BenchResult r, SeedSummary s, StringBuilder md) {
    md.append(
        f(
            "%n## Accuracy over %d seeds (test)%n%nSeeds %s. Accuracy (multi-label: exact match) as mean ± "
                + "sample sd over the seeds; the difference MT - ST in points is the mean over seeds with its 95%% "
                + "Student-t interval over the seeds.%n%n",
            s.seeds().size(), s.seeds()));
    md.append(
        "| task | test n | MT accuracy | ST accuracy | MT - ST [95% interval] | verdict | macro-F1 MT - ST |\n"
            + "|---|---:|---:|---:|---:|---|---:|\n");
    for (SeedSummary.TaskSpread t : s.tasks()) {
      md.append(
          f(
              "| %s | %s | %.2f ± %.2f | %.2f ± %.2f | %s | %s | %s |%n",
              t.task(),
              n(r, t.task()),
              100 * t.multitaskMean(),
              100 * t.multitaskSd(),
              100 * t.singleTaskMean(),
              100 * t.singleTaskSd(),
              t.accuracy().points(),
              t.accuracy().verdict(),
              t.macroF1().points()));
    }
    double mt =
        s.tasks().stream()
            .mapToDouble(SeedSummary.TaskSpread::multitaskMean)
            .average()
            .orElse(Double.NaN);
    double st =
        s.tasks().stream()
            .mapToDouble(SeedSummary.TaskSpread::singleTaskMean)
            .average()
            .orElse(Double.NaN);
    md.append(
        f(
            "| **mean** (%d tasks) | | **%.2f** | **%.2f** | **%s** | **%s** | |%n",
            s.tasks().size(),
            100 * mt,
            100 * st,
            s.meanAccuracy().points(),
            s.meanAccuracy().verdict()));
  }

  private static void perSeed(BenchResult r, SeedRun run, StringBuilder md) {
    Comparison c = run.comparison();
    String title =
        r.seedRuns().size() == 1 ? "Accuracy (test)" : "Accuracy (test), seed " + run.seed();
    md.append(
        f(
            "%n## %s%n%nMultitask (MT) vs single-task (ST) on the same test examples. Accuracy (multi-label: "
                + "exact match, micro-F1 in brackets after macro-F1); MT - ST in points with its 95%% paired-bootstrap "
                + "interval (%d resamples).%n%n",
            title, c.resamples()));
    md.append(
        "| task | test n | MT accuracy | ST accuracy | MT - ST [95% interval] | verdict | MT macro-F1 "
            + "| ST macro-F1 | MT - ST [95% interval] |\n|---|---:|---:|---:|---:|---|---:|---:|---:|\n");
    for (String task : r.tasks()) {
      TaskMetrics mt = run.multitask().get(task);
      TaskMetrics st = run.singleTask().get(task);
      TaskComparison tc =
          c.tasks().stream().filter(t -> t.task().equals(task)).findFirst().orElse(null);
      if (tc == null) {
        md.append(
            f(
                "| %s | %s | %s | %s | - | - | %s | %s | - |%n",
                task, n(r, task), pct(mt, false), pct(st, false), pct(mt, true), pct(st, true)));
        continue;
      }
      md.append(
          f(
              "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
              task,
              n(r, task),
              pct(mt, false),
              pct(st, false),
              tc.accuracy().points(),
              tc.accuracy().verdict(),
              pct(mt, true),
              pct(st, true),
              tc.macroF1().points()));
    }
    if (!c.tasks().isEmpty()) {
      meanAndVerdicts(c, md);
    }
  }

  /** The mean row of a seed's table and how many tasks each side won significantly. */
  private static void meanAndVerdicts(Comparison c, StringBuilder md) {
    List<TaskComparison> t = c.tasks();
    md.append(
        f(
            "| **mean** (%d tasks) | | **%.2f** | **%.2f** | **%s** | **%s** | %.2f | %.2f | %s |%n",
            t.size(),
            100 * avg(t, TaskComparison::multitaskAccuracy),
            100 * avg(t, TaskComparison::singleTaskAccuracy),
            c.meanAccuracy().points(),
            c.meanAccuracy().verdict(),
            100 * avg(t, TaskComparison::multitaskMacroF1),
            100 * avg(t, TaskComparison::singleTaskMacroF1),
            c.meanMacroF1().points()));
    long better =
        t.stream().filter(x -> x.accuracy().verdict().equals(Interval.MULTITASK_BETTER)).count();
    long worse =
        t.stream().filter(x -> x.accuracy().verdict().equals(Interval.SINGLE_TASK_BETTER)).count();
    md.append(
        f(
            "%nAccuracy: multitask significantly better on %d task(s), single-task on %d, no significant "
                + "difference on %d.%n",
            better, worse, t.size() - better - worse));
  }

  /** Test examples of a task, marked when they are a sample of the split. */
  private static String n(BenchResult r, String task) {
    int n = r.testExamples().getOrDefault(task, 0);
    return r.sampled(task)
        ? f("%d of %d (sample)", n, r.testSplitSizes().get(task))
        : Integer.toString(n);
  }

  private static double avg(List<TaskComparison> t, ToDoubleFunction<TaskComparison> v) {
    return t.stream().mapToDouble(v).average().orElse(Double.NaN);
  }

  private static String pct(TaskMetrics m, boolean f1) {
    if (m == null) {
      return "-";
    }
    String v = f("%.2f", 100 * (f1 ? m.macroF1() : m.accuracy()));
    Double micro =
        m.scores().get("micro_f1"); // reported by the kinds where it differs from accuracy
    return f1 && micro != null ? v + f(" (%.2f)", 100 * micro) : v;
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
