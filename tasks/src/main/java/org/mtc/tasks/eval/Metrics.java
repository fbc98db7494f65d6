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
 * Computes {@link TaskMetrics} from gold and predicted labels; see {@link TaskMetrics} for the averaging
 * conventions. Stateless and thread-safe.
 */
public final class Metrics {
  private Metrics() {
  }

  /**
   * Scores of a single-label task.
   *
   * @param gold gold label index per example, {@code [n]}
   * @param predicted predicted label index per example, {@code [n]}
   * @throws MtcException when the lengths differ or an index is outside the label space
   */
  public static TaskMetrics singleLabel(String task, LabelSpace labels, int[] gold, int[] predicted) {
    if (gold.length != predicted.length) {
      throw new MtcException(task + ": " + gold.length + " gold labels but " + predicted.length
          + " predictions");
    }
    int k = labels.size();
    long[] tp = new long[k];
    long[] goldCount = new long[k];
    long[] predCount = new long[k];
    long correct = 0;
    for (int i = 0; i < gold.length; i++) {
      int g = check(task, gold[i], k, "gold", i);
      int p = check(task, predicted[i], k, "predicted", i);
      goldCount[g]++;
      predCount[p]++;
      if (g == p) {
        tp[g]++;
        correct++;
      }
    }
    Map<String, LabelScores> perLabel = new LinkedHashMap<>();
    double f1Sum = 0;
    int averaged = 0;
    for (int j = 0; j < k; j++) {
      LabelScores s = LabelScores.of(tp[j], predCount[j] - tp[j], goldCount[j] - tp[j]);
      perLabel.put(labels.label(j), s);
      if (goldCount[j] > 0 || predCount[j] > 0) {
        f1Sum += s.f1();
        averaged++;
      }
    }
    double accuracy = LabelScores.ratio(correct, gold.length);
    return new TaskMetrics(task, TaskKind.SINGLE_LABEL, gold.length, accuracy,
        averaged == 0 ? 0.0 : f1Sum / averaged, accuracy, perLabel);
  }

  /**
   * Scores of a multi-label task.
   *
   * @param gold gold decisions, {@code [n][labels.size()]}
   * @param predicted predicted decisions, {@code [n][labels.size()]}
   * @throws MtcException when the shapes differ from {@code [n][labels.size()]}
   */
  public static TaskMetrics multiLabel(String task, LabelSpace labels, boolean[][] gold, boolean[][] predicted) {
    if (gold.length != predicted.length) {
      throw new MtcException(task + ": " + gold.length + " gold rows but " + predicted.length
          + " prediction rows");
    }
    int k = labels.size();
    long[] tp = new long[k];
    long[] fp = new long[k];
    long[] fn = new long[k];
    long exact = 0;
    for (int i = 0; i < gold.length; i++) {
      if (gold[i].length != k || predicted[i].length != k) {
        throw new MtcException(task + ": row " + i + " has " + gold[i].length + " gold and "
            + predicted[i].length + " predicted decisions; the task has " + k + " labels");
      }
      boolean same = true;
      for (int j = 0; j < k; j++) {
        boolean g = gold[i][j];
        boolean p = predicted[i][j];
        if (g && p) {
          tp[j]++;
        } else if (p) {
          fp[j]++;
          same = false;
        } else if (g) {
          fn[j]++;
          same = false;
        }
      }
      if (same) {
        exact++;
      }
    }
    Map<String, LabelScores> perLabel = new LinkedHashMap<>();
    double f1Sum = 0;
    long tpAll = 0;
    long fpAll = 0;
    long fnAll = 0;
    for (int j = 0; j < k; j++) {
      LabelScores s = LabelScores.of(tp[j], fp[j], fn[j]);
      perLabel.put(labels.label(j), s);
      f1Sum += s.f1();
      tpAll += tp[j];
      fpAll += fp[j];
      fnAll += fn[j];
    }
    double micro = LabelScores.of(tpAll, fpAll, fnAll).f1();
    double macro = gold.length == 0 ? 0.0 : f1Sum / k;
    return new TaskMetrics(task, TaskKind.MULTI_LABEL, gold.length, LabelScores.ratio(exact, gold.length), macro,
        micro, perLabel);
  }

  /**
   * The score of the majority baseline: always predict the label SET that is most frequent in {@code train}
   * (ties: the set that occurs first), scored by exact match on {@code test}. For a single-label task every set
   * has one label, so this is the accuracy of always predicting train's most frequent label; for a multi-label
   * task it is the exact-match ratio of always predicting train's most frequent label combination (often the
   * empty set). 0 when {@code test} is empty.
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

  private static int check(String task, int label, int k, String what, int row) {
    if (label < 0 || label >= k) {
      throw new MtcException(task + ": " + what + " label " + label + " of row " + row
          + " is outside [0, " + k + ")");
    }
    return label;
  }
}
