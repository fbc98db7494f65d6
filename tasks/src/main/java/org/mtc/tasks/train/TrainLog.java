package org.mtc.tasks.train;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mtc.tasks.eval.TaskMetrics;

/** The trainer's log line formats. Stateless. */
final class TrainLog {
  private TrainLog() {}

  static String lossLine(
      long step,
      long total,
      int epoch,
      List<String> names,
      double[] sum,
      int[] count,
      double lr,
      double perSecond) {
    StringBuilder b =
        new StringBuilder(String.format(Locale.ROOT, "step %d/%d epoch %d", step, total, epoch));
    double all = 0;
    int k = 0;
    StringBuilder tasks = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      if (count[i] > 0) {
        all += sum[i];
        k += count[i];
        tasks.append(String.format(Locale.ROOT, " %s=%.4f", names.get(i), sum[i] / count[i]));
      }
    }
    return b.append(
            String.format(
                Locale.ROOT,
                " loss %.4f (%s) lr %.2e %.1f examples/s",
                all / Math.max(1, k),
                tasks.toString().trim(),
                lr,
                perSecond))
        .toString();
  }

  /**
   * The line of an evaluation: its mean dev score, {@code best} (where the best model is, or the
   * best score so far) and the accuracy per task.
   */
  static String evalLine(
      int round, long step, double meanDevScore, String best, Map<String, TaskMetrics> metrics) {
    return String.format(
        Locale.ROOT,
        "eval %d at step %d: mean dev score %.4f%s  %s",
        round,
        step,
        meanDevScore,
        best,
        perTask(metrics));
  }

  static String perTask(Map<String, TaskMetrics> metrics) {
    StringBuilder b = new StringBuilder();
    metrics.forEach(
        (task, m) -> b.append(String.format(Locale.ROOT, " %s=%.4f", task, m.accuracy())));
    return b.toString().trim();
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
