package org.mtc.tasks.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.core.TaskHead;
import org.mtc.core.TaskKind;
import org.mtc.core.TaskKinds;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.predict.Evaluator;
import org.mtc.tasks.predict.TaskPrediction;

/**
 * One model's decisions on every test example of one task, kept per example as label sets so that a
 * resample of the examples can be scored again ({@link PairedBootstrap}). Scores follow {@link
 * org.mtc.tasks.eval.Metrics}: accuracy is the exact match of the label sets; macro-F1 averages the
 * labels seen in gold or decisions, or every label when the kind says so ({@link
 * TaskKind#macroF1OverAllLabels()}: multi-label). Immutable.
 */
public final class Outcomes {
  private final String task;
  private final TaskKind kind;
  private final int labels;
  private final boolean[][] gold;
  private final boolean[][] decided;

  private Outcomes(String task, TaskKind kind, int labels, boolean[][] gold, boolean[][] decided) {
    this.task = task;
    this.kind = kind;
    this.labels = labels;
    this.gold = gold;
    this.decided = decided;
  }

  /**
   * The decisions of {@code head} on {@code examples} from its probabilities {@code [examples,
   * labels]}, as its kind decides (argmax for a single-label task, each label's threshold for a
   * multi-label one; as {@link Evaluator}).
   */
  public static Outcomes of(TaskHead head, List<Example> examples, float[][] probabilities) {
    if (probabilities.length != examples.size()) {
      throw new MtcException(
          head.task()
              + ": "
              + probabilities.length
              + " probability rows for "
              + examples.size()
              + " examples");
    }
    return of(head.labels(), head.kind(), examples, Evaluator.decide(head, probabilities));
  }

  /**
   * A model's decisions on {@code examples}, one prediction per example (a classifier's answers for
   * the task).
   */
  public static Outcomes of(
      LabelSpace labels, TaskKind kind, List<Example> examples, List<TaskPrediction> predictions) {
    Evaluator.checkOnePerExample(labels, examples, predictions);
    return new Outcomes(
        labels.task(),
        kind,
        labels.size(),
        Evaluator.gold(examples, labels.size()),
        Evaluator.predictedSets(labels, predictions));
  }

  /**
   * Single-label outcomes from gold and predicted label indices {@code [n]} (for tests and tools).
   */
  public static Outcomes singleLabel(String task, int labels, int[] gold, int[] predicted) {
    return new Outcomes(
        task, TaskKind.SINGLE_LABEL, labels, sets(gold, labels), sets(predicted, labels));
  }

  /**
   * Multi-label outcomes from gold and predicted decisions {@code [n][labels]} (for tests and
   * tools).
   */
  public static Outcomes multiLabel(String task, boolean[][] gold, boolean[][] predicted) {
    return new Outcomes(
        task, TaskKind.MULTI_LABEL, gold.length == 0 ? 0 : gold[0].length, gold, predicted);
  }

  public String task() {
    return task;
  }

  /**
   * The decisions as JSON: {@code {task, kind, labels, gold: [..], predicted: [..]}} with the kind
   * as a constant name ({@code SINGLE_LABEL}), and per example the label index (kinds with exactly
   * one label per text) or the list of present label indices (multi-label). {@link #fromJson} reads
   * it back.
   */
  public ObjectNode toJson() {
    ObjectNode out =
        JsonNodeFactory.instance
            .objectNode()
            .put("task", task)
            .put("kind", TaskKinds.constantName(kind))
            .put("labels", labels);
    ArrayNode g = out.putArray("gold");
    ArrayNode p = out.putArray("predicted");
    for (int i = 0; i < size(); i++) {
      g.add(json(gold[i]));
      p.add(json(decided[i]));
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
      throw new MtcException(
          "test outcomes of task "
              + task
              + ": need arrays 'gold' and 'predicted' of one length "
              + "and 'labels'; the file is damaged, score the model again");
    }
    TaskKind kind =
        TaskKinds.fromConstantName(
            json.path("kind").asText("SINGLE_LABEL"), "test outcomes of task " + task + " (kind)");
    boolean[][] gold = new boolean[g.size()][labels];
    boolean[][] decided = new boolean[g.size()][labels];
    for (int i = 0; i < g.size(); i++) {
      read(g.get(i), gold[i]);
      read(p.get(i), decided[i]);
    }
    return new Outcomes(task, kind, labels, gold, decided);
  }

  /**
   * One example's labels in JSON: the index when the kind has exactly one label per text, else the
   * list.
   */
  private JsonNode json(boolean[] row) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (int j = 0; j < row.length; j++) {
      if (row[j]) {
        a.add(j);
      }
    }
    return kind.exactlyOneLabel() && a.size() == 1 ? a.get(0) : a;
  }

  private static void read(JsonNode labels, boolean[] row) {
    if (labels.isArray()) {
      labels.forEach(l -> row[l.asInt()] = true);
    } else {
      row[labels.asInt()] = true;
    }
  }

  private static boolean[][] sets(int[] indices, int labels) {
    boolean[][] out = new boolean[indices.length][labels];
    for (int i = 0; i < indices.length; i++) {
      out[i][indices[i]] = true;
    }
    return out;
  }

  public TaskKind kind() {
    return kind;
  }

  /** Number of examples. */
  public int size() {
    return gold.length;
  }

  /**
   * Accuracy (exact match of the label sets) with example {@code i} counted {@code weights[i]}
   * times.
   */
  public double accuracy(int[] weights) {
    long hits = 0;
    long total = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] == 0) {
        continue;
      }
      total += weights[i];
      if (Arrays.equals(gold[i], decided[i])) {
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
      boolean[] g = gold[i];
      boolean[] p = decided[i];
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
    double sum = 0;
    int averaged = 0;
    for (int j = 0; j < labels; j++) {
      boolean seen = tp[j] + fp[j] + fn[j] > 0;
      if (seen || kind.macroF1OverAllLabels()) {
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
    Arrays.fill(w, 1);
    return w;
  }

  /**
   * Whether both describe the same gold labels on the same number of examples (a paired
   * comparison's premise).
   */
  boolean sameGold(Outcomes other) {
    return kind.configName().equals(other.kind.configName())
        && labels == other.labels
        && size() == other.size()
        && Arrays.deepEquals(gold, other.gold);
  }
}
