package org.mtc.bench.experiment;

import java.util.List;
import java.util.Locale;
import org.mtc.tasks.compare.Comparison;
import org.mtc.tasks.compare.TaskComparison;

/**
 * The goals the best strategy is held to (first seed; "one model as good as nine"): its mean
 * accuracy at least the single-task models' with the interval's lower end at least −0.5 points,
 * mean macro-F1 at least −0.5 points, no task significantly worse by more than a point, emotion
 * macro-F1 within 2 points, and a training at most 30% dearer than the baseline's. Stateless.
 */
final class StrategyGoals {
  private StrategyGoals() {}

  static void render(
      BenchResult r, StrategyReport.Row best, StringBuilder md, double baselineSeconds) {
    Comparison c = best.vsSingle();
    md.append(
        f(
            "%nGoals of the best strategy, **%s** (highest mean accuracy − single-task):%n%n"
                + "| goal | target | measured | verdict |%n|---|---|---|---|%n",
            best.strategy()));
    goal(
        md,
        "mean accuracy − single-task",
        "≥ 0, lower end ≥ −0.5",
        c.meanAccuracy().points(),
        c.meanAccuracy().estimate() >= 0 && c.meanAccuracy().low() >= -0.005);
    goal(
        md,
        "mean macro-F1 − single-task",
        "≥ −0.5",
        c.meanMacroF1().points(),
        c.meanMacroF1().estimate() >= -0.005);
    String worse = StrategyReport.worse(c);
    goal(md, "tasks significantly worse by > 1 point", "none", worse, worse.equals("none"));
    List<TaskComparison> emotion =
        c.tasks().stream().filter(t -> t.task().equals("emotion")).toList();
    for (TaskComparison e : emotion) {
      goal(
          md,
          "emotion macro-F1 − single-task",
          "≥ −2",
          e.macroF1().points(),
          e.macroF1().estimate() >= -0.02);
    }
    if (!best.strategy().equals(Strategy.BASELINE)) {
      double extra = StrategyReport.seconds(r, best.strategy(), false) / baselineSeconds - 1;
      goal(
          md,
          "extra training cost vs baseline (teachers included)",
          "≤ 30%",
          f("%+.0f%%", 100 * extra),
          extra <= 0.30);
    }
  }

  private static void goal(
      StringBuilder md, String goal, String target, String measured, boolean met) {
    md.append(f("| %s | %s | %s | **%s** |%n", goal, target, measured, met ? "met" : "missed"));
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
