package org.mtc.tasks.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.core.settings.DidYouMean;

/**
 * Per-label offsets {@code b [labels]} for a single-label task that decides {@code argmax_j(log p_j
 * + b_j)} instead of {@code argmax_j p_j}, tuned on dev probabilities to maximise a {@link Metric}
 * by a deterministic coordinate search: start at 0; each sweep visits the labels in order and tries
 * every value of the grid {@code -3, -2.75, ..., 3} for that label with the others fixed; the best
 * value is kept only if it beats the current score by more than {@value #MIN_GAIN}, and among
 * values scoring within that of the best the one with the smaller {@code |b|} (then the smaller b)
 * wins. Sweeps repeat until one changes nothing, at most {@value #MAX_SWEEPS}. Since {@code
 * softmax(z + b)} has the argmax of {@code log softmax(z) + b}, folding b into the classifier's
 * bias gives the tuned decisions on every engine. Stateless.
 */
public final class OffsetTuning {
  /** The grid's bound: offsets lie in {@code [-LIMIT, LIMIT]}. */
  public static final double LIMIT = 3.0;

  /** The grid's step. */
  public static final double STEP = 0.25;

  /** The smallest improvement of the score that a change must bring. */
  public static final double MIN_GAIN = 1e-9;

  /** The most sweeps over the labels. */
  public static final int MAX_SWEEPS = 20;

  /** What the offsets maximise, scored as {@link Metrics#singleLabel} scores it. */
  public enum Metric {
    /** Unweighted mean of the labels' F1 (the labels that occur in gold or decisions). */
    MACRO_F1("macro-f1"),
    /** Fraction of examples whose decided label is the gold one. */
    ACCURACY("accuracy");

    private final String configName;

    Metric(String configName) {
      this.configName = configName;
    }

    /** The metric's name on the command line and in records, e.g. {@code macro-f1}. */
    public String configName() {
      return configName;
    }

    /** This metric of {@code scores}. */
    public double of(TaskMetrics scores) {
      return this == MACRO_F1 ? scores.macroF1() : scores.accuracy();
    }

    /**
     * The metric named {@code name} ({@code macro-f1} or {@code accuracy}).
     *
     * @throws MtcException naming the value and the choices
     */
    public static Metric parse(String name) {
      for (Metric m : values()) {
        if (m.configName.equals(name.strip().toLowerCase(Locale.ROOT))) {
          return m;
        }
      }
      List<String> names = Arrays.stream(values()).map(Metric::configName).toList();
      throw new MtcException(
          "--metric "
              + name
              + " is not a metric offsets are tuned for"
              + DidYouMean.suggest(name, names)
              + "; choose "
              + String.join(" or ", names));
    }
  }

  /**
   * Tuned offsets with the metric on the tuning data before (all offsets 0) and after.
   *
   * @param offsets one per label, in label-space order, each on the grid
   * @param before the metric of {@code argmax p}
   * @param after the metric of {@code argmax(log p + offsets)}
   * @param sweeps the sweeps run
   */
  public record Result(double[] offsets, double before, double after, int sweeps) {}

  private OffsetTuning() {}

  /**
   * Tunes offsets for {@code probabilities} {@code [n][labels]} against {@code gold} {@code [n]}.
   *
   * @throws MtcException when the shapes differ or there are no examples
   */
  public static Result tune(
      LabelSpace labels, double[][] probabilities, int[] gold, Metric metric) {
    int k = labels.size();
    if (gold.length == 0 || probabilities.length != gold.length) {
      throw new MtcException(
          labels.task()
              + ": offsets need dev examples with one probability row each (got "
              + gold.length
              + " labels and "
              + probabilities.length
              + " rows)");
    }
    for (int i = 0; i < gold.length; i++) {
      if (probabilities[i].length != k) {
        throw new MtcException(
            labels.task() + ": row " + i + " has " + probabilities[i].length + " probabilities");
      }
    }
    double[][] logs = logs(probabilities);
    double[] b = new double[k];
    double before = score(labels, logs, gold, b, metric);
    double current = before;
    int sweeps = 0;
    boolean changed = true;
    while (changed && sweeps < MAX_SWEEPS) {
      changed = false;
      sweeps++;
      for (int j = 0; j < k; j++) {
        double kept = b[j];
        double bestValue = kept;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (double v : grid()) {
          b[j] = v;
          double s = score(labels, logs, gold, b, metric);
          if (s > bestScore + MIN_GAIN) {
            bestScore = s;
            bestValue = v;
          }
        }
        if (bestScore > current + MIN_GAIN && bestValue != kept) {
          b[j] = bestValue;
          current = bestScore;
          changed = true;
        } else {
          b[j] = kept;
        }
      }
    }
    return new Result(b, before, current, sweeps);
  }

  /** The grid in the order ties are settled: by {@code |b|}, then the negative value first. */
  static double[] grid() {
    int steps = (int) Math.round(LIMIT / STEP);
    double[] out = new double[2 * steps + 1];
    out[0] = 0;
    for (int s = 1; s <= steps; s++) {
      out[2 * s - 1] = -s * STEP;
      out[2 * s] = s * STEP;
    }
    return out;
  }

  /** {@code log p} of each probability, {@code p} floored at 1e-45 (a float's smallest). */
  public static double[][] logs(double[][] probabilities) {
    double[][] out = new double[probabilities.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = Arrays.stream(probabilities[i]).map(p -> Math.log(Math.max(p, 1e-45))).toArray();
    }
    return out;
  }

  /** The decisions {@code argmax_j(logs[i][j] + b[j])}, the first label on a tie. */
  public static int[] decide(double[][] logs, double[] b) {
    int[] out = new int[logs.length];
    for (int i = 0; i < logs.length; i++) {
      int best = 0;
      for (int j = 1; j < b.length; j++) {
        if (logs[i][j] + b[j] > logs[i][best] + b[best]) {
          best = j;
        }
      }
      out[i] = best;
    }
    return out;
  }

  private static double score(
      LabelSpace labels, double[][] logs, int[] gold, double[] b, Metric metric) {
    return metric.of(Metrics.singleLabel(labels.task(), labels, gold, decide(logs, b)));
  }
}
