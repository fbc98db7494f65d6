package org.mtc.tasks.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.mtc.core.MtcException;

/**
 * The paired bootstrap of a multitask model against single-task models: each resample draws every
 * task's test examples with replacement (as many as there are, seeded), scores BOTH models on the
 * same draw and records their difference; the 2.5th and 97.5th percentiles of a difference over the
 * resamples are its 95% interval. The mean over tasks is resampled the same way, every task drawn
 * independently per resample, so its interval holds the test-sampling uncertainty of every task. It
 * says nothing about training randomness: that is what several seeds ({@link SeedSummary}) measure.
 * Stateless; thread-safe.
 */
public final class PairedBootstrap {
  /** Resamples the issue and most papers use. */
  public static final int DEFAULT_RESAMPLES = 1000;

  private PairedBootstrap() {}

  /**
   * Compares per task, in the order of {@code multitask}; tasks missing from {@code singleTask} are
   * left out.
   *
   * @throws MtcException when the two models were not scored on the same examples of a task
   */
  public static Comparison compare(
      Map<String, Outcomes> multitask, Map<String, Outcomes> singleTask, int resamples, long seed) {
    if (resamples < 1) {
      throw new MtcException("bootstrap resamples must be at least 1, got " + resamples);
    }
    List<String> tasks = pairedTasks(multitask, singleTask);
    int k = tasks.size();
    double[][] accDiffs = new double[k][resamples];
    double[][] f1Diffs = new double[k][resamples];
    double[] meanAcc = new double[resamples];
    double[] meanF1 = new double[resamples];
    SplittableRandom random = new SplittableRandom(seed);
    for (int r = 0; r < resamples; r++) {
      for (int t = 0; t < k; t++) {
        Outcomes mt = multitask.get(tasks.get(t));
        Outcomes st = singleTask.get(tasks.get(t));
        int[] w = draw(mt.size(), random);
        accDiffs[t][r] = mt.accuracy(w) - st.accuracy(w);
        f1Diffs[t][r] = mt.macroF1(w) - st.macroF1(w);
        meanAcc[r] += accDiffs[t][r] / k;
        meanF1[r] += f1Diffs[t][r] / k;
      }
    }
    List<TaskComparison> out = new ArrayList<>();
    double accSum = 0;
    double f1Sum = 0;
    for (int t = 0; t < k; t++) {
      Outcomes mt = multitask.get(tasks.get(t));
      Outcomes st = singleTask.get(tasks.get(t));
      int[] all = mt.all();
      double mtAcc = mt.accuracy(all);
      double stAcc = st.accuracy(all);
      double mtF1 = mt.macroF1(all);
      double stF1 = st.macroF1(all);
      accSum += mtAcc - stAcc;
      f1Sum += mtF1 - stF1;
      out.add(
          new TaskComparison(
              tasks.get(t),
              mt.size(),
              mtAcc,
              stAcc,
              Interval.percentile(mtAcc - stAcc, accDiffs[t]),
              mtF1,
              stF1,
              Interval.percentile(mtF1 - stF1, f1Diffs[t])));
    }
    Interval mean =
        k == 0
            ? new Interval(Double.NaN, Double.NaN, Double.NaN)
            : Interval.percentile(accSum / k, meanAcc);
    Interval meanMacro =
        k == 0
            ? new Interval(Double.NaN, Double.NaN, Double.NaN)
            : Interval.percentile(f1Sum / k, meanF1);
    return new Comparison(out, mean, meanMacro, resamples, seed);
  }

  /**
   * The tasks of {@code multitask}, in its order, that {@code singleTask} also scored.
   *
   * @throws MtcException when the two models were not scored on the same examples of a task
   */
  private static List<String> pairedTasks(
      Map<String, Outcomes> multitask, Map<String, Outcomes> singleTask) {
    List<String> tasks = new ArrayList<>();
    for (String t : multitask.keySet()) {
      if (!singleTask.containsKey(t)) {
        continue;
      }
      if (!multitask.get(t).sameGold(singleTask.get(t))) {
        throw new MtcException(
            "task "
                + t
                + ": the multitask and single-task models were scored on different "
                + "test examples, so they cannot be compared pairwise");
      }
      tasks.add(t);
    }
    return tasks;
  }

  /** How often each of {@code n} examples is drawn in {@code n} draws with replacement. */
  private static int[] draw(int n, SplittableRandom random) {
    int[] w = new int[n];
    for (int i = 0; i < n; i++) {
      w[random.nextInt(n)]++;
    }
    return w;
  }
}
