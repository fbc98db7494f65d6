package org.mtc.core;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;

/**
 * What kind of answer a task gives, and everything that follows from it: how a label cell reads,
 * the target row a head trains towards, the head's output activation and loss, how outputs become
 * decided labels, and which scores the task reports. Every place that treats kinds differently asks
 * its kind; none compares kinds. Spelled in task sets as {@link #configName()} ({@code kind =
 * multi-label}).
 *
 * <p>A new kind is one class implementing this interface plus one line naming it in {@code
 * META-INF/services/org.mtc.core.TaskKind}; {@link TaskKinds} finds it ({@code docs/extending.md}).
 * The built-in kinds are {@link #SINGLE_LABEL} and {@link #MULTI_LABEL}. Implementations are
 * stateless, so one instance serves every task and thread; {@link TaskKinds} holds one instance per
 * name, so kinds it returns compare with {@code ==}; compare kinds from elsewhere by {@link
 * #configName()}.
 *
 * <p>Row conventions: a head's logits, outputs, targets and gradients are rows {@code [labels]},
 * one value per label of the task's label space in output order; label indices point into that
 * space.
 */
@JsonSerialize(using = TaskKinds.JsonOut.class)
@JsonDeserialize(using = TaskKinds.JsonIn.class)
public interface TaskKind {
  /** Exactly one label per text: softmax, cross-entropy against one-hot rows, argmax. */
  TaskKind SINGLE_LABEL = new SingleLabelKind();

  /**
   * Any subset of the labels per text: independent sigmoids, binary cross-entropy, per-label
   * thresholds.
   */
  TaskKind MULTI_LABEL = new MultiLabelKind();

  /**
   * Parses a task set's {@code kind}; {@code where} (file:line and key) starts the error message.
   */
  static TaskKind parse(String value, String where) {
    return TaskKinds.parse(value, where);
  }

  /**
   * The kind named {@code name}, spelled as in task sets ({@code multi-label}) or as a Java
   * constant ({@code MULTI_LABEL}); for code and tests.
   *
   * @throws MtcException when no kind has that name
   */
  static TaskKind named(String name) {
    return TaskKinds.fromConstantName(name, "task kind");
  }

  /**
   * The spelling in task sets, {@code tasks.conf}, the heads file's and the exported graph's
   * metadata and reports: lower-case words joined by {@code -}, e.g. {@code multi-label}.
   */
  String configName();

  /**
   * The label column (or JSON field) a task of this kind reads unless it sets {@code label-column}.
   */
  String defaultLabelColumn();

  /**
   * Whether every text has exactly one label. It decides how a label cell reads (one label, which
   * must not be empty, versus labels joined by {@code label-separator} or a JSON array, possibly
   * none) and how answers are written ({@code "label": "x"} versus {@code "labels": [...]}).
   */
  boolean exactlyOneLabel();

  /**
   * The target row {@code [labelCount]} a head trains towards for a text with gold label indices
   * {@code labels} (sorted, no duplicates). By default 1 at each gold label and 0 elsewhere
   * (one-hot or multi-hot).
   */
  default float[] target(int[] labels, int labelCount) {
    float[] row = new float[labelCount];
    for (int label : labels) {
      row[label] = 1f;
    }
    return row;
  }

  /**
   * The target row {@code [labelCount]} a student trains towards from a teacher's outputs {@code
   * probabilities [labelCount]} (what {@link #activation()} gave the teacher), softened by {@code
   * temperature} (1 leaves them as they are; above 1 flattens them, below 1 sharpens them). A new
   * array; {@code probabilities} is not changed. Distillation mixes it with {@link #target} (both
   * rows are valid targets of this kind, and the losses are linear in the target row).
   *
   * @throws MtcException by default: a kind must say how its outputs become a student's target
   */
  default float[] teacherTarget(float[] probabilities, double temperature) {
    throw new MtcException(
        "tasks of kind "
            + configName()
            + " cannot learn from a teacher: the kind does not say how a teacher's outputs become a "
            + "target row (TaskKind.teacherTarget); train them without a teacher");
  }

  /**
   * Checks one target row before training on it.
   *
   * @param row the row's index in its batch, for the message
   * @throws MtcException naming {@code task}, the row and what a target row of this kind holds
   */
  void checkTarget(String task, float[] target, int row);

  /**
   * The function from logits to outputs, applied by the head in Java and written into exported
   * graphs.
   */
  OutputActivation activation();

  /**
   * One row of a batch of {@code batch} rows: turns {@code logits} into outputs in place (as {@link
   * #activation()} does), writes d (mean loss over the batch) / d logits into {@code gradient} and
   * returns the row's loss.
   */
  double lossAndGradient(float[] logits, float[] target, float[] gradient, int batch);

  /**
   * The output biases {@code [labels]} a new head starts from, given how many training examples
   * carry each label (with {@code mtc.heads.multi-label-prior-bias}); empty to keep the zero
   * biases. By default empty.
   *
   * @param positives training examples that carry each label, each in {@code [0, examples]}
   * @param examples training examples in all, {@code > 0}
   */
  default float[] priorBiases(long[] positives, long examples) {
    return new float[0];
  }

  /**
   * Whether heads of this kind learn at {@code mtc.train.multi-label-head-learning-rate} rather
   * than {@code mtc.train.head-learning-rate}. By default false.
   */
  default boolean learnsAtMultiLabelRate() {
    return false;
  }

  /**
   * Whether decisions use per-label thresholds {@code [labels]}: a head then keeps them (0.5 until
   * tuned, saved as {@code <task>.thresholds}), training tunes them on dev data for {@code
   * mtc.train.multi-label-metric}, which is also the task's dev score, and exports carry them.
   * Without thresholds the dev score is the accuracy.
   */
  boolean decidesByThresholds();

  /**
   * The decided label indices, ascending, for one row of {@code outputs [labels]}.
   *
   * @param thresholds per-label thresholds {@code [labels]} when {@link #decidesByThresholds()},
   *     else ignored
   */
  int[] decide(float[] outputs, float[] thresholds);

  /**
   * Whether macro-F1 averages over every label of the label space (a label never in gold nor
   * decided scores 0), rather than over the labels that occur in the gold labels or the decisions.
   */
  boolean macroF1OverAllLabels();

  /**
   * The scores a task of this kind reports, by their {@code metrics.json} key, in order: any of the
   * scores every task has ({@code accuracy}: exact match of the decided label set; {@code
   * macro_f1}; {@code micro_f1}) and the keys of {@link #extraScores}. Reports, tables and {@code
   * metrics.json} show these.
   */
  List<String> scoreNames();

  /**
   * Scores of this kind beyond those every task has, by key (listed in {@link #scoreNames()}), from
   * the gold and decided label indices of each example ({@code n > 0}; without examples every score
   * is 0). By default none.
   *
   * @param gold gold label indices per example, {@code [n][]}
   * @param decided decided label indices per example, {@code [n][]}
   * @param labelCount the size of the label space
   */
  default Map<String, Double> extraScores(int[][] gold, int[][] decided, int labelCount) {
    return Map.of();
  }
}
