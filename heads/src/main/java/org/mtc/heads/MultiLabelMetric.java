package org.mtc.heads;

import org.mtc.core.MtcException;
import org.mtc.core.settings.ConfigEnum;

/**
 * The score a multi-label task is tuned and selected by ({@code mtc.train.multi-label-metric}):
 * per-label thresholds are tuned on dev data to maximise it ({@link ThresholdTuning}), and it is
 * the task's share of the mean dev score that drives the learning-rate plateau, early stopping and
 * the best checkpoint. Scores follow scikit-learn with {@code zero_division = 0}; macro-F1 averages
 * over all labels of the label space.
 */
public enum MultiLabelMetric implements ConfigEnum {
  /**
   * F1 of the true and false positives and false negatives pooled over all labels; frequent labels
   * dominate.
   */
  MICRO_F1,
  /**
   * Unweighted mean of the per-label F1 scores; every label counts the same, rare ones included.
   */
  MACRO_F1,
  /**
   * Fraction of examples whose predicted label set equals the gold set exactly (subset accuracy).
   */
  EXACT_MATCH;

  /**
   * Parses a setting value.
   *
   * @param key the setting's key, for the message
   * @param where where the value was set (file:line), for the message
   * @throws MtcException naming the key, the value and the choices
   */
  public static MultiLabelMetric parse(String value, String key, String where) {
    return ConfigEnum.parse(
        MultiLabelMetric.class,
        value,
        where + ": " + key + " = '" + value + "' is not a multi-label metric");
  }
}
