package org.mtc.heads;

import java.util.Arrays;
import java.util.List;
import org.mtc.core.MtcException;
import org.mtc.core.settings.DidYouMean;

/**
 * The score a multi-label task is tuned and selected by ({@code mtc.train.multi-label-metric}): per-label
 * thresholds are tuned on dev data to maximise it ({@link ThresholdTuning}), and it is the task's share of the
 * mean dev score that drives the learning-rate plateau, early stopping and the best checkpoint. Scores follow
 * scikit-learn with {@code zero_division = 0}; macro-F1 averages over all labels of the label space.
 */
public enum MultiLabelMetric {
  /** F1 of the true and false positives and false negatives pooled over all labels; frequent labels dominate. */
  MICRO_F1("micro-f1"),
  /** Unweighted mean of the per-label F1 scores; every label counts the same, rare ones included. */
  MACRO_F1("macro-f1"),
  /** Fraction of examples whose predicted label set equals the gold set exactly (subset accuracy). */
  EXACT_MATCH("exact-match");

  private final String configName;

  MultiLabelMetric(String configName) {
    this.configName = configName;
  }

  /** The spelling in settings, e.g. {@code macro-f1}. */
  public String configName() {
    return configName;
  }

  /**
   * Parses a setting value.
   *
   * @param key the setting's key, for the message
   * @param where where the value was set (file:line), for the message
   * @throws MtcException naming the key, the value and the choices
   */
  public static MultiLabelMetric parse(String value, String key, String where) {
    for (MultiLabelMetric m : values()) {
      if (m.configName.equals(value)) {
        return m;
      }
    }
    List<String> names = Arrays.stream(values()).map(MultiLabelMetric::configName).toList();
    throw new MtcException(where + ": " + key + " = '" + value + "' is not a multi-label metric"
        + DidYouMean.suggest(value, names) + "; use one of " + String.join(", ", names));
  }
}
