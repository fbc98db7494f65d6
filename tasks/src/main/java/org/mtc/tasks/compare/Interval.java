package org.mtc.tasks.compare;

import java.util.Arrays;
import java.util.Locale;

/**
 * A difference (multitask minus single-task, as a fraction: 0.01 is one point) with its 95%
 * interval. Immutable.
 *
 * @param estimate the difference on the whole test data (or the mean over seeds)
 * @param low lower end of the 95% interval
 * @param high upper end of the 95% interval
 */
public record Interval(double estimate, double low, double high) {
  public static final String MULTITASK_BETTER = "multitask better";
  public static final String SINGLE_TASK_BETTER = "single-task better";
  public static final String NO_DIFFERENCE = "no significant difference";

  /**
   * {@value #MULTITASK_BETTER} when the interval lies above 0, {@value #SINGLE_TASK_BETTER} below,
   * else none.
   */
  @com.fasterxml.jackson.annotation.JsonProperty("verdict")
  public String verdict() {
    if (low > 0) {
      return MULTITASK_BETTER;
    }
    return high < 0 ? SINGLE_TASK_BETTER : NO_DIFFERENCE;
  }

  /**
   * As {@link #verdict()} for any two models: "{@code first} better", "{@code second} better" or no
   * difference.
   */
  public String verdict(String first, String second) {
    if (low > 0) {
      return first + " better";
    }
    return high < 0 ? second + " better" : NO_DIFFERENCE;
  }

  /** The estimate with the 2.5th and 97.5th percentiles of {@code resampled} (sorted in place). */
  static Interval percentile(double estimate, double[] resampled) {
    Arrays.sort(resampled);
    return new Interval(estimate, quantile(resampled, 0.025), quantile(resampled, 0.975));
  }

  /** In points: {@code +1.23 [-0.40, +2.80]}. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public String points() {
    return String.format(
        Locale.ROOT, "%+.2f [%+.2f, %+.2f]", 100 * estimate, 100 * low, 100 * high);
  }

  /** Linear interpolation between order statistics (numpy's default). */
  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
