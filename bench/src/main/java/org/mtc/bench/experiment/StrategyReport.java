package org.mtc.bench.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mtc.tasks.compare.Comparison;
import org.mtc.tasks.compare.Interval;
import org.mtc.tasks.compare.SeedSummary;
import org.mtc.tasks.compare.TaskComparison;

/**
 * The strategies section of {@code report.md} ({@code bench --strategies}): every strategy's
 * multitask model against the single-task models and against the baseline multitask model, with
 * paired intervals, per task, over seeds, with its training cost; and the goals of the best one.
 * Nothing when the baseline is the only strategy. Stateless.
 */
final class StrategyReport {
  /** What one strategy measured in one seed, the baseline included (no comparison with itself). */
  record Row(String strategy, Comparison vsSingle, Optional<Comparison> vsBaseline) {}

  private StrategyReport() {}

  static void render(BenchResult r, StringBuilder md) {
    if (r.bench().strategies().size() < 2 || r.seedRuns().isEmpty()) {
      return;
    }
    md.append(
        "\n## Strategies (test)\n\nEach strategy trains its own multitask model on the same data, with the same "
            + "budget and seed. Differences in points with 95% paired-bootstrap intervals (first seed); cost is "
            + "the wall time of training, the teachers' predictions included, mean over seeds.\n\n"
            + "| strategy | mean accuracy − single-task | mean accuracy − baseline | mean macro-F1 − single-task "
            + "| tasks worse than single-task by > 1 point (significant) | training (min) | teachers (min) "
            + "| extra cost vs baseline |\n|---|---:|---:|---:|---|---:|---:|---:|\n");
    List<Row> rows = rows(r.seedRuns().get(0));
    double baselineSeconds = seconds(r, Strategy.BASELINE, false);
    for (Row row : rows) {
      double sec = seconds(r, row.strategy(), false);
      md.append(
          f(
              "| %s | %s | %s | %s | %s | %.1f | %.1f | %s |%n",
              row.strategy(),
              row.vsSingle().meanAccuracy().points(),
              row.vsBaseline().map(c -> c.meanAccuracy().points()).orElse("—"),
              row.vsSingle().meanMacroF1().points(),
              worse(row.vsSingle()),
              sec / 60,
              seconds(r, row.strategy(), true) / 60,
              row.vsBaseline().isEmpty() ? "—" : f("%+.0f%%", 100 * (sec / baselineSeconds - 1))));
    }
    perTask(rows, md);
    overSeeds(r, md);
    StrategyGoals.render(r, best(rows), md, baselineSeconds);
  }

  /** The strategies of one seed: the baseline, then the others in the order chosen. */
  static List<Row> rows(SeedRun run) {
    List<Row> rows = new ArrayList<>();
    rows.add(new Row(Strategy.BASELINE, run.comparison(), Optional.empty()));
    run.strategies()
        .forEach(
            s -> rows.add(new Row(s.strategy(), s.vsSingleTask(), Optional.of(s.vsBaseline()))));
    return rows;
  }

  /** The row with the highest mean accuracy difference to single-task. */
  private static Row best(List<Row> rows) {
    return rows.stream()
        .max(Comparator.comparingDouble(row -> row.vsSingle().meanAccuracy().estimate()))
        .orElseThrow();
  }

  /** Name of the strategy with the highest mean accuracy difference to single-task in a seed. */
  static String bestStrategy(SeedRun run) {
    return best(rows(run)).strategy();
  }

  private static void perTask(List<Row> rows, StringBuilder md) {
    md.append(
        "\nPer task, accuracy − single-task (macro-F1 − single-task) in points; * marks a difference whose "
            + "95% interval excludes 0.\n\n| task | single-task accuracy |");
    rows.forEach(row -> md.append(' ').append(row.strategy()).append(" |"));
    md.append("\n|---|---:|").append("---:|".repeat(rows.size())).append('\n');
    for (TaskComparison t : rows.get(0).vsSingle().tasks()) {
      md.append(f("| %s | %.2f |", t.task(), 100 * t.singleTaskAccuracy()));
      for (Row row : rows) {
        Optional<TaskComparison> c =
            row.vsSingle().tasks().stream().filter(x -> x.task().equals(t.task())).findFirst();
        md.append(
            c.map(x -> f(" %s (%s) |", star(x.accuracy()), star(x.macroF1()))).orElse(" - |"));
      }
      md.append('\n');
    }
  }

  private static void overSeeds(BenchResult r, StringBuilder md) {
    if (r.seedRuns().size() < 2) {
      return;
    }
    List<Long> seeds = r.seedRuns().stream().map(SeedRun::seed).toList();
    md.append(
        f(
            "%nOver %d seeds (%s): each strategy's mean accuracy − baseline per seed, their mean with its 95%% "
                + "Student-t interval over the seeds, and whether the sign is the same in every seed.%n%n"
                + "| strategy | per seed | mean [95%% t-interval] | same sign in every seed |%n|---|---|---:|---|%n",
            seeds.size(), seeds));
    for (Strategy s : r.bench().strategies()) {
      if (s.baseline()) {
        continue;
      }
      List<Comparison> gains = new ArrayList<>();
      for (SeedRun run : r.seedRuns()) {
        run.strategies().stream()
            .filter(x -> x.strategy().equals(s.name()))
            .findFirst()
            .ifPresent(x -> gains.add(x.vsBaseline()));
      }
      if (gains.size() != seeds.size()) {
        md.append(f("| %s | missing in some seed | - | - |%n", s.name()));
        continue;
      }
      Interval mean = SeedSummary.of(seeds, gains).meanAccuracy();
      List<Double> each = gains.stream().map(c -> c.meanAccuracy().estimate()).toList();
      boolean sameSign = each.stream().allMatch(v -> v > 0) || each.stream().allMatch(v -> v < 0);
      md.append(
          f(
              "| %s | %s | %s | %s |%n",
              s.name(),
              String.join(", ", each.stream().map(v -> f("%+.2f", 100 * v)).toList()),
              mean.points(),
              sameSign ? "yes" : "no"));
    }
  }

  /** Tasks significantly worse than single-task by more than one point of accuracy. */
  static String worse(Comparison c) {
    List<String> out =
        c.tasks().stream()
            .filter(t -> t.accuracy().high() < 0 && t.accuracy().estimate() < -0.01)
            .map(t -> f("%s %+.1f", t.task(), 100 * t.accuracy().estimate()))
            .toList();
    return out.isEmpty() ? "none" : String.join(", ", out);
  }

  /**
   * Mean wall time over seeds of the strategy's multitask training, or of its teachers'
   * predictions.
   */
  static double seconds(BenchResult r, String strategy, boolean teachers) {
    String config =
        strategy.equals(Strategy.BASELINE)
            ? Experiment.MULTITASK
            : Experiment.MULTITASK + " " + strategy;
    return r.trainings().stream()
        .filter(
            t ->
                t.configuration().equals(config)
                    || t.configuration().startsWith(config + " (seed "))
        .mapToDouble(t -> teachers ? t.teacherSeconds() : t.seconds())
        .average()
        .orElse(Double.NaN);
  }

  private static String star(Interval i) {
    return f("%+.2f", 100 * i.estimate()) + (i.low() > 0 || i.high() < 0 ? "*" : "");
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
