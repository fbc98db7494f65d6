package org.mtc.tasks.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.core.TaskKind;
import org.mtc.tasks.data.Example;

/**
 * Computes {@link TaskMetrics} from gold and predicted labels; see {@link TaskMetrics} for the
 * averaging conventions. Stateless and thread-safe.
 */
public final class Metrics {
  private Metrics() {}

  /**
   * Scores of a task of any kind from gold and decided label sets: accuracy is the exact match of
   * the sets, micro-F1 pools the counts of every label, macro-F1 averages the labels the kind says
   * ({@link TaskKind#macroF1OverAllLabels()}), and the kind adds its own {@link
   * TaskKind#extraScores}.
   *
   * @param gold gold decisions, {@code [n][labels.size()]}
   * @param decided decided labels, {@code [n][labels.size()]}
   * @throws MtcException when the shapes differ from {@code [n][labels.size()]}
   */
  public static TaskMetrics of(
      String task, TaskKind kind, LabelSpace labels, boolean[][] gold, boolean[][] decided) {
    requireSameCount(task, gold.length, "gold rows", decided.length, "prediction rows");
    int k = labels.size();
    LabelCounts counts = new LabelCounts(k);
    long exact = 0;
    for (int i = 0; i < gold.length; i++) {
      if (gold[i].length != k || decided[i].length != k) {
        throw new MtcException(
            task
                + ": row "
                + i
                + " has "
                + gold[i].length
                + " gold and "
                + decided[i].length
                + " predicted decisions; the task has "
                + k
                + " labels");
      }
      exact += Arrays.equals(gold[i], decided[i]) ? 1 : 0;
      for (int j = 0; j < k; j++) {
        counts.add(j, gold[i][j], decided[i][j]);
      }
    }
    Map<String, LabelScores> perLabel = counts.scores(labels);
    double f1Sum = 0;
    int averaged = 0;
    int j = 0;
    for (LabelScores s : perLabel.values()) {
      if (kind.macroF1OverAllLabels() || counts.occurs(j)) {
        f1Sum += s.f1();
        averaged++;
      }
      j++;
    }
    double macro = gold.length == 0 || averaged == 0 ? 0.0 : f1Sum / averaged;
    Map<String, Double> extra =
        gold.length > 0 ? kind.extraScores(indices(gold), indices(decided), k) : zeros(kind);
    return new TaskMetrics(
        task,
        kind,
        gold.length,
        LabelScores.ratio(exact, gold.length),
        macro,
        counts.pooled().f1(),
        perLabel,
        extra);
  }

  /**
   * Scores of a single-label task ({@link TaskKind#SINGLE_LABEL}).
   *
   * @param gold gold label index per example, {@code [n]}
   * @param predicted predicted label index per example, {@code [n]}
   * @throws MtcException when the lengths differ or an index is outside the label space
   */
  public static TaskMetrics singleLabel(
      String task, LabelSpace labels, int[] gold, int[] predicted) {
    requireSameCount(task, gold.length, "gold labels", predicted.length, "predictions");
    int k = labels.size();
    boolean[][] goldSets = new boolean[gold.length][k];
    boolean[][] predictedSets = new boolean[gold.length][k];
    for (int i = 0; i < gold.length; i++) {
      goldSets[i][check(task, gold[i], k, "gold", i)] = true;
      predictedSets[i][check(task, predicted[i], k, "predicted", i)] = true;
    }
    return of(task, TaskKind.SINGLE_LABEL, labels, goldSets, predictedSets);
  }

  /**
   * Scores of a multi-label task ({@link TaskKind#MULTI_LABEL}).
   *
   * @param gold gold decisions, {@code [n][labels.size()]}
   * @param predicted predicted decisions, {@code [n][labels.size()]}
   * @throws MtcException when the shapes differ from {@code [n][labels.size()]}
   */
  public static TaskMetrics multiLabel(
      String task, LabelSpace labels, boolean[][] gold, boolean[][] predicted) {
    return of(task, TaskKind.MULTI_LABEL, labels, gold, predicted);
  }

  /** 0 for each of the kind's extra scores: every score is 0 without examples. */
  private static Map<String, Double> zeros(TaskKind kind) {
    Map<String, Double> out = new LinkedHashMap<>();
    kind.scoreNames().stream()
        .filter(name -> !TaskMetrics.COMMON_SCORES.contains(name))
        .forEach(name -> out.put(name, 0.0));
    return out;
  }

  /** The indices of the present labels of each row, ascending. */
  static int[][] indices(boolean[][] sets) {
    int[][] out = new int[sets.length][];
    for (int i = 0; i < sets.length; i++) {
      int[] row = new int[sets[i].length];
      int n = 0;
      for (int j = 0; j < sets[i].length; j++) {
        if (sets[i][j]) {
          row[n++] = j;
        }
      }
      out[i] = Arrays.copyOf(row, n);
    }
    return out;
  }

  /**
   * True positives, false positives and false negatives per label index, {@code [labels]}; one
   * scoring's own.
   */
  private static final class LabelCounts {
    private final long[] tp;
    private final long[] fp;
    private final long[] fn;

    LabelCounts(int labels) {
      tp = new long[labels];
      fp = new long[labels];
      fn = new long[labels];
    }

    /**
     * Counts one decision about {@code label}: whether the gold answer and the prediction include
     * it.
     */
    void add(int label, boolean gold, boolean predicted) {
      if (gold && predicted) {
        tp[label]++;
      } else if (predicted) {
        fp[label]++;
      } else if (gold) {
        fn[label]++;
      }
    }

    /** Whether {@code label} was in some gold answer or prediction. */
    boolean occurs(int label) {
      return tp[label] + fp[label] + fn[label] > 0;
    }

    /** The scores of every label, in label order. */
    Map<String, LabelScores> scores(LabelSpace labels) {
      Map<String, LabelScores> perLabel = new LinkedHashMap<>();
      for (int j = 0; j < tp.length; j++) {
        perLabel.put(labels.label(j), LabelScores.of(tp[j], fp[j], fn[j]));
      }
      return perLabel;
    }

    /** The scores of the counts pooled over all labels (micro averaging). */
    LabelScores pooled() {
      return LabelScores.of(
          Arrays.stream(tp).sum(), Arrays.stream(fp).sum(), Arrays.stream(fn).sum());
    }
  }

  /**
   * The score of the majority baseline: always predict the label SET that is most frequent in
   * {@code train} (ties: the set that occurs first), scored by exact match on {@code test}. For a
   * single-label task every set has one label, so this is the accuracy of always predicting train's
   * most frequent label; for a multi-label task it is the exact-match ratio of always predicting
   * train's most frequent label combination (often the empty set). 0 when {@code test} is empty.
   *
   * @throws MtcException when {@code train} is empty
   */
  public static double majorityAccuracy(List<Example> train, List<Example> test) {
    if (train.isEmpty()) {
      throw new MtcException("the majority baseline needs training examples");
    }
    Map<List<Integer>, Integer> counts = new HashMap<>();
    int bestCount = 0;
    for (Example e : train) {
      bestCount = Math.max(bestCount, counts.merge(key(e), 1, Integer::sum));
    }
    List<Integer> best = null;
    for (Example e : train) {
      List<Integer> set = key(e);
      if (counts.get(set) == bestCount) {
        best = set;
        break;
      }
    }
    if (test.isEmpty()) {
      return 0.0;
    }
    long hits = 0;
    for (Example e : test) {
      if (key(e).equals(best)) {
        hits++;
      }
    }
    return (double) hits / test.size();
  }

  private static List<Integer> key(Example e) {
    int[] labels = e.labels().clone();
    Arrays.sort(labels);
    return Arrays.stream(labels).boxed().toList();
  }

  private static void requireSameCount(
      String task, int gold, String goldUnit, int predicted, String predictedUnit) {
    if (gold != predicted) {
      throw new MtcException(
          task + ": " + gold + " " + goldUnit + " but " + predicted + " " + predictedUnit);
    }
  }

  private static int check(String task, int label, int k, String what, int row) {
    if (label < 0 || label >= k) {
      throw new MtcException(
          task + ": " + what + " label " + label + " of row " + row + " is outside [0, " + k + ")");
    }
    return label;
  }
}
