package org.mtc.tasks.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mtc.core.TaskKind;
import org.mtc.heads.MultiLabelMetric;

/**
 * Evaluation scores of one task on one split, computed by {@link Metrics}. Immutable and thread-safe.
 *
 * <p>Conventions (those of scikit-learn with {@code zero_division=0}): per-label precision, recall and F1 are 0
 * where their denominator is 0.
 * <ul>
 *   <li>Single-label: {@code accuracy} is the fraction of correct argmax predictions; {@code microF1} equals it;
 *       {@code macroF1} is the unweighted mean F1 over the labels that occur in the gold labels or the
 *       predictions (scikit-learn's default {@code labels = unique(y_true ∪ y_pred)}).</li>
 *   <li>Multi-label: {@code accuracy} is the exact-match (subset) accuracy; {@code microF1} pools true and false
 *       positives and false negatives over all labels; {@code macroF1} is the unweighted mean F1 over ALL labels
 *       of the label space (a label never in gold nor predicted scores 0).</li>
 * </ul>
 * All scores are 0 when {@code n} is 0.
 *
 * @param task task name
 * @param kind single- or multi-label
 * @param n number of evaluated examples
 * @param accuracy accuracy (single-label) or exact-match ratio (multi-label)
 * @param macroF1 macro-averaged F1
 * @param microF1 micro-averaged F1
 * @param perLabel scores of every label of the label space, in label-space order
 */
public record TaskMetrics(String task, TaskKind kind, int n, double accuracy, double macroF1, double microF1,
    Map<String, LabelScores> perLabel) {

  public TaskMetrics {
    perLabel = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perLabel));
  }

  /**
   * The score that selects models: {@code accuracy} for a single-label task, {@code metric} for a multi-label
   * one.
   */
  public double score(MultiLabelMetric metric) {
    if (kind == TaskKind.SINGLE_LABEL) {
      return accuracy;
    }
    return switch (metric) {
      case MACRO_F1 -> macroF1;
      case MICRO_F1 -> microF1;
      case EXACT_MATCH -> accuracy;
    };
  }

  /**
   * The scores as JSON-ready maps (for {@code metrics.json}): {@code accuracy}, {@code macro_f1},
   * {@code micro_f1} (multi-label only), {@code n}, {@code per_label {label: {precision, recall, f1, support}}}.
   */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("accuracy", accuracy);
    json.put("macro_f1", macroF1);
    if (kind == TaskKind.MULTI_LABEL) {
      json.put("micro_f1", microF1);
    }
    json.put("n", n);
    Map<String, Object> labels = new LinkedHashMap<>();
    perLabel.forEach((label, scores) -> labels.put(label, scores.toJson()));
    json.put("per_label", labels);
    return json;
  }
}
