package org.mtc.tasks.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Precision, recall and F1 of one label, with {@code zero_division = 0} (a ratio with a zero
 * denominator is 0), as in scikit-learn. Immutable and thread-safe.
 *
 * @param precision true positives / predicted positives
 * @param recall true positives / gold positives
 * @param f1 harmonic mean of precision and recall, {@code 2tp / (2tp + fp + fn)}
 * @param support number of gold occurrences of the label
 */
public record LabelScores(double precision, double recall, double f1, int support) {

  /** Scores from counts of true positives, false positives and false negatives. */
  public static LabelScores of(long tp, long fp, long fn) {
    return new LabelScores(
        ratio(tp, tp + fp),
        ratio(tp, tp + fn),
        ratio(2 * tp, 2 * tp + fp + fn),
        Math.toIntExact(tp + fn));
  }

  static double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0.0 : (double) numerator / denominator;
  }

  /** {@code {precision, recall, f1, support}}. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("precision", precision);
    json.put("recall", recall);
    json.put("f1", f1);
    json.put("support", support);
    return json;
  }
}
