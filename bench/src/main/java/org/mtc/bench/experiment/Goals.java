package org.mtc.bench.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoublePredicate;
import org.mtc.tasks.compare.Comparison;
import org.mtc.tasks.compare.Interval;
import org.mtc.tasks.compare.SeedSummary;
import org.mtc.tasks.eval.TaskMetrics;

/**
 * The goals, checked against what a run measured: memory (the multitask model within 1.02x
 * of one single-task model; the single-task models together at least n - 0.5 times it, 8.5x for
 * nine tasks), speed (all tasks at least n - 0.5 times faster through the multitask model; heads at
 * most 3% of the encoder's time) and accuracy (mean multitask accuracy at most half a point below
 * the single-task mean, with its interval). Stateless.
 */
public final class Goals {
  /**
   * One goal.
   *
   * @param met true or false; empty when the run could not measure it
   */
  public record Goal(String goal, String target, String measured, Optional<Boolean> met) {
    public String verdict() {
      return met.map(m -> m ? "met" : "NOT met").orElse("not measured");
    }
  }

  private Goals() {}

  public static List<Goal> check(BenchResult r) {
    List<Goal> out = new ArrayList<>();
    Summary s = Summary.of(r);
    int n = r.singleTask().size();
    double many = Math.max(1, n - 0.5);
    out.add(
        ratio(
            "memory: multitask peak RSS / one single-task model's (mean)",
            "<= 1.02",
            s.multitaskPeak(),
            s.meanSinglePeak(),
            v -> v <= 1.02));
    out.add(
        ratio(
            "memory: " + n + " single-task JVMs together / multitask (peak RSS)",
            fmt(">= %.1f", many),
            s.sumSinglePeak(),
            s.multitaskPeak(),
            v -> v >= many));
    out.add(
        ratio(
            "memory: " + n + " single-task models in one JVM / multitask (peak RSS)",
            fmt(">= %.1f", many),
            s.allInOnePeak(),
            s.multitaskPeak(),
            v -> v >= many));
    out.add(
        ratio(
            "parameters: " + n + " single-task models / multitask (bytes)",
            fmt(">= %.1f", many),
            s.sumSingleParams(),
            s.multitaskParams(),
            v -> v >= many));
    Optional<SpeedRecord> speed = r.speed();
    out.add(allTasksSpeed(speed, many));
    out.add(headsShare(speed));
    out.add(accuracy(r));
    return out;
  }

  /** Running all tasks through the multitask model, at least {@code many} times faster. */
  private static Goal allTasksSpeed(Optional<SpeedRecord> speed, double many) {
    return speed
        .map(
            sp ->
                new Goal(
                    "speed: all tasks, multitask vs every single-task model (x faster)",
                    fmt(">= %.1f", many),
                    fmt("%.2fx", sp.speedup()),
                    Optional.of(sp.speedup() >= many)))
        .orElse(
            new Goal(
                "speed: all tasks, multitask vs every single-task model",
                fmt(">= %.1f", many),
                "-",
                Optional.empty()));
  }

  /** The heads' time at most 3% of the encoder's. */
  private static Goal headsShare(Optional<SpeedRecord> speed) {
    return speed
        .map(
            sp ->
                new Goal(
                    "speed: heads' time / encoder's time",
                    "<= 3%",
                    fmt("%.2f%%", 100 * sp.headsOverEncoder()),
                    Optional.of(sp.headsOverEncoder() <= 0.03)))
        .orElse(new Goal("speed: heads' time / encoder's time", "<= 3%", "-", Optional.empty()));
  }

  /**
   * Mean multitask minus single-task accuracy over the tasks both measured, at most half a point
   * below: over seeds (t-interval) when there are several, else the paired-bootstrap interval of
   * the one seed.
   */
  static Goal accuracy(BenchResult r) {
    String target = ">= -0.5 point";
    Optional<Interval> d =
        r.seedSummary()
            .filter(s -> !s.tasks().isEmpty())
            .map(SeedSummary::meanAccuracy)
            .or(
                () ->
                    r.seedRuns().stream()
                        .findFirst()
                        .map(SeedRun::comparison)
                        .filter(c -> !c.tasks().isEmpty())
                        .map(Comparison::meanAccuracy));
    int tasks =
        r.seedSummary()
            .map(s -> s.tasks().size())
            .orElse(r.seedRuns().isEmpty() ? 0 : r.seedRuns().get(0).comparison().tasks().size());
    if (d.isEmpty()) {
      return new Goal("accuracy: mean multitask - mean single-task", target, "-", Optional.empty());
    }
    String over =
        r.seedSummary().isPresent()
            ? r.seedSummary().get().seeds().size() + " seeds, t-interval"
            : "paired bootstrap";
    return new Goal(
        "accuracy: mean multitask - mean single-task (" + tasks + " tasks)",
        target,
        fmt("%s points (95%%, %s; %s)", d.get().points(), over, d.get().verdict()),
        Optional.of(d.get().estimate() >= -0.005 - 1e-9));
  }

  static double mean(BenchResult r, List<String> tasks, boolean multitask) {
    return tasks.stream()
        .map(t -> (multitask ? r.multitask() : r.singleTask()).get(t))
        .mapToDouble(TaskMetrics::accuracy)
        .average()
        .orElse(Double.NaN);
  }

  private static Goal ratio(
      String goal, String target, double top, double bottom, DoublePredicate ok) {
    if (!(top > 0) || !(bottom > 0)) {
      return new Goal(goal, target, "-", Optional.empty());
    }
    double v = top / bottom;
    return new Goal(
        goal,
        target,
        fmt("%.3fx (%.0f / %.0f MB)", v, top / 1e6, bottom / 1e6),
        Optional.of(ok.test(v)));
  }

  static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
