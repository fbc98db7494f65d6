package org.mtc.tasks.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.core.TaskKind;
import org.mtc.heads.MultiLabelMetric;

/**
 * Evaluation scores of one task on one split, computed by {@link Metrics}. Immutable and
 * thread-safe.
 *
 * <p>Conventions (those of scikit-learn with {@code zero_division=0}): per-label precision, recall
 * and F1 are 0 where their denominator is 0.
 *
 * <ul>
 *   <li>Single-label: {@code accuracy} is the fraction of correct argmax predictions; {@code
 *       microF1} equals it; {@code macroF1} is the unweighted mean F1 over the labels that occur in
 *       the gold labels or the predictions (scikit-learn's default {@code labels = unique(y_true ∪
 *       y_pred)}).
 *   <li>Multi-label: {@code accuracy} is the exact-match (subset) accuracy; {@code microF1} pools
 *       true and false positives and false negatives over all labels; {@code macroF1} is the
 *       unweighted mean F1 over ALL labels of the label space (a label never in gold nor predicted
 *       scores 0).
 * </ul>
 *
 * Other kinds follow their {@link TaskKind#macroF1OverAllLabels()} and add their {@link
 * TaskKind#extraScores}. All scores are 0 when {@code n} is 0.
 *
 * @param task task name
 * @param kind the task's kind
 * @param n number of evaluated examples
 * @param accuracy accuracy (single-label) or exact-match ratio (multi-label)
 * @param macroF1 macro-averaged F1
 * @param microF1 micro-averaged F1
 * @param perLabel scores of every label of the label space, in label-space order
 * @param extra the kind's own scores by key ({@link TaskKind#extraScores}); empty for the built-in
 *     kinds (and then left out of the JSON of a resumable checkpoint, as before there were other
 *     kinds)
 */
public record TaskMetrics(
    String task,
    TaskKind kind,
    int n,
    double accuracy,
    double macroF1,
    double microF1,
    Map<String, LabelScores> perLabel,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Double> extra) {
  /**
   * The scores every task has, by {@code metrics.json} key; a kind reports some of them ({@link
   * #scores()}).
   */
  public static final List<String> COMMON_SCORES = List.of("accuracy", "macro_f1", "micro_f1");

  public TaskMetrics {
    perLabel = Collections.unmodifiableMap(new LinkedHashMap<>(perLabel));
    extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /** Scores without extra ones (the built-in kinds). */
  public TaskMetrics(
      String task,
      TaskKind kind,
      int n,
      double accuracy,
      double macroF1,
      double microF1,
      Map<String, LabelScores> perLabel) {
    this(task, kind, n, accuracy, macroF1, microF1, perLabel, Map.of());
  }

  /**
   * The scores the kind reports ({@link TaskKind#scoreNames()}), by {@code metrics.json} key, in
   * its order: {@code accuracy}, {@code macro_f1}, {@code micro_f1} (multi-label) and the kind's
   * extra scores.
   *
   * @throws MtcException when the kind names a score it did not compute
   */
  public Map<String, Double> scores() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String name : kind.scoreNames()) {
      Double value =
          switch (name) {
            case "accuracy" -> accuracy;
            case "macro_f1" -> macroF1;
            case "micro_f1" -> microF1;
            default -> extra.get(name);
          };
      if (value == null) {
        throw new MtcException(
            "task '"
                + task
                + "': kind "
                + kind.configName()
                + " reports score '"
                + name
                + "' but its extraScores gave only "
                + extra.keySet());
      }
      out.put(name, value);
    }
    return out;
  }

  /**
   * The score that selects models: {@code metric} for a task whose kind decides by thresholds (they
   * are tuned for it: multi-label), else {@code accuracy}.
   */
  public double score(MultiLabelMetric metric) {
    if (!kind.decidesByThresholds()) {
      return accuracy;
    }
    return switch (metric) {
      case MACRO_F1 -> macroF1;
      case MICRO_F1 -> microF1;
      case EXACT_MATCH -> accuracy;
    };
  }

  /**
   * The scores as JSON-ready maps (for {@code metrics.json}): the {@link #scores()} ({@code
   * accuracy}, {@code macro_f1}, {@code micro_f1} for multi-label), {@code n}, {@code per_label
   * {label: {precision, recall, f1, support}}}.
   */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>(scores());
    json.put("n", n);
    Map<String, Object> labels = new LinkedHashMap<>();
    perLabel.forEach((label, scores) -> labels.put(label, scores.toJson()));
    json.put("per_label", labels);
    return json;
  }
}
