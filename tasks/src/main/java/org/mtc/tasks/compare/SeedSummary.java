package org.mtc.tasks.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The same experiment repeated with several training seeds: per task the mean and sample standard
 * deviation of the multitask and single-task accuracies, and for every difference (per task and the
 * mean over tasks) the mean over seeds with its 95% Student-t interval over seeds. That interval
 * holds the training randomness (seeds); each seed's {@link Comparison} holds the test-sampling
 * one. Immutable.
 *
 * @param seeds the training seeds, in run order
 * @param tasks per task, in task-set order
 * @param meanAccuracy the mean over tasks of the accuracy difference, averaged over seeds, with its
 *     t-interval
 */
public record SeedSummary(List<Long> seeds, List<TaskSpread> tasks, Interval meanAccuracy) {
  /**
   * One task over the seeds.
   *
   * @param multitaskMean mean multitask accuracy
   * @param multitaskSd its sample standard deviation (0 with one seed)
   * @param singleTaskMean mean single-task accuracy
   * @param singleTaskSd its sample standard deviation
   * @param accuracy the accuracy difference, mean over seeds, with its t-interval
   * @param macroF1 the macro-F1 difference, mean over seeds, with its t-interval
   */
  public record TaskSpread(
      String task,
      double multitaskMean,
      double multitaskSd,
      double singleTaskMean,
      double singleTaskSd,
      Interval accuracy,
      Interval macroF1) {}

  public SeedSummary {
    seeds = List.copyOf(seeds);
    tasks = List.copyOf(tasks);
  }

  /** Summarises one {@link Comparison} per seed (tasks compared in every seed only). */
  public static SeedSummary of(List<Long> seeds, List<Comparison> perSeed) {
    List<TaskSpread> tasks = new ArrayList<>();
    if (!perSeed.isEmpty()) {
      for (TaskComparison first : perSeed.get(0).tasks()) {
        List<TaskComparison> runs = new ArrayList<>();
        for (Comparison c : perSeed) {
          c.tasks().stream()
              .filter(t -> t.task().equals(first.task()))
              .findFirst()
              .ifPresent(runs::add);
        }
        if (runs.size() != perSeed.size()) {
          continue;
        }
        tasks.add(
            new TaskSpread(
                first.task(),
                mean(runs, TaskComparison::multitaskAccuracy),
                sd(runs, TaskComparison::multitaskAccuracy),
                mean(runs, TaskComparison::singleTaskAccuracy),
                sd(runs, TaskComparison::singleTaskAccuracy),
                student(runs, t -> t.accuracy().estimate()),
                student(runs, t -> t.macroF1().estimate())));
      }
    }
    return new SeedSummary(seeds, tasks, student(perSeed, c -> c.meanAccuracy().estimate()));
  }

  /** Mean with its 95% Student-t interval; the interval is NaN with fewer than two values. */
  static <T> Interval student(List<T> runs, ToDoubleFunction<T> value) {
    double m = mean(runs, value);
    if (runs.size() < 2) {
      return new Interval(m, Double.NaN, Double.NaN);
    }
    double half = tCritical(runs.size() - 1) * sd(runs, value) / Math.sqrt(runs.size());
    return new Interval(m, m - half, m + half);
  }

  static <T> double mean(List<T> runs, ToDoubleFunction<T> value) {
    return runs.stream().mapToDouble(value).average().orElse(Double.NaN);
  }

  /** Sample standard deviation (n - 1); 0 for one value. */
  static <T> double sd(List<T> runs, ToDoubleFunction<T> value) {
    if (runs.size() < 2) {
      return 0;
    }
    double m = mean(runs, value);
    double ss = runs.stream().mapToDouble(value).map(v -> (v - m) * (v - m)).sum();
    return Math.sqrt(ss / (runs.size() - 1));
  }

  /** The two-sided 95% critical value of Student's t with {@code df} degrees of freedom. */
  static double tCritical(int df) {
    double[] table = {
      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
      2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
      2.052, 2.048, 2.045, 2.042
    };
    return df <= table.length ? table[df - 1] : 1.96 + 2.4 / df;
  }
}
