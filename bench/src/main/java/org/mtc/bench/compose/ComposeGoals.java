package org.mtc.bench.compose;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.mtc.tasks.compare.Comparison;
import org.mtc.tasks.compare.TaskComparison;

/**
 * Issue 23's goals for composing task sets, checked against a compose run's measurements. A
 * difference goal is met when the point estimate of every task is within the margin; the measured
 * column also says whether the paired interval reaches beyond it. Stateless.
 */
public final class ComposeGoals {
  /** Verdict of a goal whose measurement is missing (its part was not run, or failed). */
  public static final String NOT_MEASURED = "not measured";

  /**
   * One goal.
   *
   * @param goal what is compared
   * @param target the target
   * @param measured the measurement, with intervals in points
   * @param verdict {@code met}, {@code NOT met} or {@value #NOT_MEASURED}
   */
  public record Goal(String goal, String target, String measured, String verdict) {}

  private ComposeGoals() {}

  /** The goals of the parts that ran. */
  static List<Goal> check(ComposeResult.Add add, ComposeResult.Merge merge) {
    List<Goal> goals = new ArrayList<>();
    if (add != null) {
      goals.add(within("add, distill: each old task vs the source", 0.5, add.oldDistillVsSource()));
      goals.add(
          within("add, distill: each new task vs joint training", 1.0, add.newDistillVsJoint()));
      goals.add(
          ratio("add, distill: time / joint training's time", 0.25, add.distillCost(), "%.3f"));
      goals.add(
          add.frozenBitwise() == null
              ? new Goal("add, frozen: old tasks unchanged", "bitwise", "", NOT_MEASURED)
              : new Goal(
                  "add, frozen: old tasks unchanged",
                  "bitwise",
                  add.frozenBitwise().summary(),
                  add.frozenBitwise().equal() ? "met" : "NOT met"));
    }
    if (merge != null) {
      goals.add(within("merge: each task vs its source model", 1.0, merge.mergedVsSources()));
      goals.add(
          ratio("merge: peak RSS, merged / source model A", 1.05, merge.peakRatio(), "%.3fx"));
    }
    return goals;
  }

  /** Every task's difference at least {@code -points}. */
  static Goal within(String goal, double points, Comparison c) {
    String target = String.format(Locale.ROOT, ">= -%.1f points, every task", points);
    if (c == null || c.tasks().isEmpty()) {
      return new Goal(goal, target, "", NOT_MEASURED);
    }
    TaskComparison worst =
        c.tasks().stream().min(Comparator.comparingDouble(t -> t.accuracy().estimate())).get();
    long reaching = c.tasks().stream().filter(t -> 100 * t.accuracy().low() < -points).count();
    String measured =
        String.format(
            Locale.ROOT,
            "%sworst %s %s%s",
            c.tasks().size() > 1 ? "mean " + c.meanAccuracy().points() + ", " : "",
            worst.task(),
            worst.accuracy().points(),
            reaching == 0
                ? "; every interval within"
                : "; the interval reaches below -" + points + " on " + reaching + " task(s)");
    boolean met = 100 * worst.accuracy().estimate() >= -points;
    return new Goal(goal, target, measured, met ? "met" : "NOT met");
  }

  private static Goal ratio(String goal, double max, Double value, String format) {
    String target = String.format(Locale.ROOT, "<= " + format, max);
    if (value == null || value.isNaN()) {
      return new Goal(goal, target, "", NOT_MEASURED);
    }
    return new Goal(
        goal, target, String.format(Locale.ROOT, format, value), value <= max ? "met" : "NOT met");
  }
}
