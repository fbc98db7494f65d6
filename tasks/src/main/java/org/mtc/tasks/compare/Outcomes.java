package org.mtc.tasks.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.core.TaskHead;
import org.mtc.core.TaskKind;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.predict.Evaluator;
import org.mtc.tasks.predict.TaskPrediction;

/**
 * One model's decisions on every test example of one task, kept per example so that a resample of the examples
 * can be scored again ({@link PairedBootstrap}). Scores follow {@link org.mtc.tasks.eval.Metrics}: accuracy is
 * exact match for a multi-label task; macro-F1 averages the labels seen in gold or predictions (single-label) or
 * every label (multi-label). Immutable.
 */
public final class Outcomes {
  private final String task;
  private final TaskKind kind;
  private final int labels;
  private final int[] gold;
  private final int[] predicted;
  private final boolean[][] goldSets;
  private final boolean[][] predictedSets;

  private Outcomes(String task, TaskKind kind, int labels, int[] gold, int[] predicted, boolean[][] goldSets,
      boolean[][] predictedSets) {
    this.task = task;
    this.kind = kind;
    this.labels = labels;
    this.gold = gold;
    this.predicted = predicted;
    this.goldSets = goldSets;
    this.predictedSets = predictedSets;
  }

  /**
   * The decisions of {@code head} on {@code examples} from its probabilities {@code [examples, labels]}: argmax for
   * a single-label task, each label's threshold for a multi-label one (as {@link Evaluator} decides).
   */
  public static Outcomes of(TaskHead head, List<Example> examples, float[][] probabilities) {
    if (probabilities.length != examples.size()) {
      throw new MtcException(head.task() + ": " + probabilities.length + " probability rows for "
          + examples.size() + " examples");
    }
    return of(head.labels(), head.kind(), examples, Evaluator.decide(head, probabilities));
  }

  /** A model's decisions on {@code examples}, one prediction per example (a classifier's answers for the task). */
  public static Outcomes of(LabelSpace labels, TaskKind kind, List<Example> examples,
      List<TaskPrediction> predictions) {
    if (predictions.size() != examples.size()) {
      throw new MtcException(labels.task() + ": " + predictions.size() + " predictions for " + examples.size()
          + " examples");
    }
    int k = labels.size();
    if (kind == TaskKind.SINGLE_LABEL) {
      int[] gold = examples.stream().mapToInt(Example::label).toArray();
      return new Outcomes(labels.task(), kind, k, gold, Evaluator.predictedIndices(labels, predictions), null, null);
    }
    return new Outcomes(labels.task(), kind, k, null, null, Evaluator.gold(examples, k),
        Evaluator.predictedSets(labels, predictions));
  }

  /** Single-label outcomes from gold and predicted label indices {@code [n]} (for tests and tools). */
  public static Outcomes singleLabel(String task, int labels, int[] gold, int[] predicted) {
    return new Outcomes(task, TaskKind.SINGLE_LABEL, labels, gold.clone(), predicted.clone(), null, null);
  }

  /** Multi-label outcomes from gold and predicted decisions {@code [n][labels]} (for tests and tools). */
  public static Outcomes multiLabel(String task, boolean[][] gold, boolean[][] predicted) {
    return new Outcomes(task, TaskKind.MULTI_LABEL, gold.length == 0 ? 0 : gold[0].length, null, null, gold,
        predicted);
  }

  public String task() {
    return task;
  }

  /**
   * The decisions as JSON: {@code {task, kind, labels, gold: [..], predicted: [..]}} with label indices, or for a
   * multi-label task lists of present label indices per example. {@link #fromJson} reads it back.
   */
  public ObjectNode toJson() {
    ObjectNode out = JsonNodeFactory.instance.objectNode().put("task", task).put("kind", kind.name())
        .put("labels", labels);
    ArrayNode g = out.putArray("gold");
    ArrayNode p = out.putArray("predicted");
    for (int i = 0; i < size(); i++) {
      if (kind == TaskKind.SINGLE_LABEL) {
        g.add(gold[i]);
        p.add(predicted[i]);
      } else {
        g.add(present(goldSets[i]));
        p.add(present(predictedSets[i]));
      }
    }
    return out;
  }

  /**
   * Outcomes written by {@link #toJson}.
   *
   * @throws MtcException naming the field when the JSON is not such a record
   */
  public static Outcomes fromJson(JsonNode json) {
    String task = json.path("task").asText("?");
    JsonNode g = json.path("gold");
    JsonNode p = json.path("predicted");
    int labels = json.path("labels").asInt(-1);
    if (!g.isArray() || !p.isArray() || g.size() != p.size() || labels < 0) {
      throw new MtcException("test outcomes of task " + task + ": need arrays 'gold' and 'predicted' of one length "
          + "and 'labels'; the file is damaged, score the model again");
    }
    int n = g.size();
    if (TaskKind.valueOf(json.path("kind").asText("SINGLE_LABEL")) == TaskKind.SINGLE_LABEL) {
      int[] gold = new int[n];
      int[] predicted = new int[n];
      for (int i = 0; i < n; i++) {
        gold[i] = g.get(i).asInt();
        predicted[i] = p.get(i).asInt();
      }
      return new Outcomes(task, TaskKind.SINGLE_LABEL, labels, gold, predicted, null, null);
    }
    boolean[][] gold = new boolean[n][labels];
    boolean[][] predicted = new boolean[n][labels];
    for (int i = 0; i < n; i++) {
      for (JsonNode l : g.get(i)) {
        gold[i][l.asInt()] = true;
      }
      for (JsonNode l : p.get(i)) {
        predicted[i][l.asInt()] = true;
      }
    }
    return new Outcomes(task, TaskKind.MULTI_LABEL, labels, null, null, gold, predicted);
  }

  private static ArrayNode present(boolean[] row) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (int j = 0; j < row.length; j++) {
      if (row[j]) {
        a.add(j);
      }
    }
    return a;
  }

  public TaskKind kind() {
    return kind;
  }

  /** Number of examples. */
  public int size() {
    return gold != null ? gold.length : goldSets.length;
  }

  /** Accuracy (exact match for multi-label) with example {@code i} counted {@code weights[i]} times. */
  public double accuracy(int[] weights) {
    long hits = 0;
    long total = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] == 0) {
        continue;
      }
      total += weights[i];
      if (correct(i)) {
        hits += weights[i];
      }
    }
    return total == 0 ? 0 : (double) hits / total;
  }

  /** Macro-F1 with example {@code i} counted {@code weights[i]} times. */
  public double macroF1(int[] weights) {
    long[] tp = new long[labels];
    long[] fp = new long[labels];
    long[] fn = new long[labels];
    for (int i = 0; i < weights.length; i++) {
      int w = weights[i];
      if (w == 0) {
        continue;
      }
      if (gold != null) {
        if (gold[i] == predicted[i]) {
          tp[gold[i]] += w;
        } else {
          fp[predicted[i]] += w;
          fn[gold[i]] += w;
        }
      } else {
        boolean[] g = goldSets[i];
        boolean[] p = predictedSets[i];
        for (int j = 0; j < labels; j++) {
          if (g[j] && p[j]) {
            tp[j] += w;
          } else if (p[j]) {
            fp[j] += w;
          } else if (g[j]) {
            fn[j] += w;
          }
        }
      }
    }
    double sum = 0;
    int averaged = 0;
    for (int j = 0; j < labels; j++) {
      boolean seen = tp[j] + fp[j] + fn[j] > 0;
      if (seen || kind == TaskKind.MULTI_LABEL) {
        long d = 2 * tp[j] + fp[j] + fn[j];
        sum += d == 0 ? 0 : 2.0 * tp[j] / d;
        averaged++;
      }
    }
    return averaged == 0 ? 0 : sum / averaged;
  }

  /** Weights that count every example once. */
  public int[] all() {
    int[] w = new int[size()];
    java.util.Arrays.fill(w, 1);
    return w;
  }

  /** Whether both describe the same gold labels on the same number of examples (a paired comparison's premise). */
  boolean sameGold(Outcomes other) {
    return kind == other.kind && labels == other.labels && size() == other.size()
        && (gold != null ? java.util.Arrays.equals(gold, other.gold)
            : java.util.Arrays.deepEquals(goldSets, other.goldSets));
  }

  private boolean correct(int i) {
    return gold != null ? gold[i] == predicted[i] : java.util.Arrays.equals(goldSets[i], predictedSets[i]);
  }
}
