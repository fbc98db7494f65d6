package org.mtc.core;

import java.util.Map;
import org.mtc.core.io.FloatTensor;

/**
 * A small classifier over the pooled encoder output of one task: input {@code [batch,
 * inputSize()]}, output probabilities {@code [batch, labels().size()]} as its {@link #kind()}'s
 * activation gives them (softmax rows for single-label, independent sigmoids for multi-label).
 * Heads are plain Java and identical on every engine.
 *
 * <p>Training: {@link #forwardBackward} computes the loss of a batch, accumulates parameter
 * gradients inside the head and returns the gradient with respect to its pooled input, which the
 * trainer hands to the backbone; {@link #step} applies AdamW and clears the gradients.
 *
 * <p>Thread-safety: {@link #probabilities} may be called from many threads at once while nobody
 * trains; training methods are single-threaded.
 */
public interface TaskHead {
  String task();

  TaskKind kind();

  LabelSpace labels();

  int inputSize();

  /**
   * Inference: probabilities {@code [batch, labels]} for pooled {@code [batch, inputSize]} (no
   * dropout).
   */
  float[][] probabilities(float[][] pooled);

  /**
   * Training forward and backward for one batch.
   *
   * @param pooled {@code [batch, inputSize]}
   * @param targets {@code [batch, labels]}: the kind's target rows ({@link TaskKind#target}):
   *     one-hot rows for single-label, multi-hot (possibly all zero) rows for multi-label; soft
   *     rows (a teacher's distribution, {@link TaskKind#teacherTarget}, or a mix with the gold row)
   *     train the same way
   * @param seed seeds this batch's dropout mask, so runs repeat exactly
   */
  HeadLoss forwardBackward(float[][] pooled, float[][] targets, long seed);

  /**
   * One AdamW step with the gradients accumulated since the last step, then clears them. A gradient
   * whose norm is not finite skips the step ({@link AdamWPolicy}) instead of failing the run; the
   * outcome says so.
   *
   * @return taken, skipped (with the reason), or {@link StepOutcome#NOTHING} when no gradients were
   *     pending
   */
  StepOutcome step(AdamWSettings settings, double learningRate);

  /**
   * Decision thresholds per label {@code [labels]} when the kind {@link
   * TaskKind#decidesByThresholds() decides by them} (multi-label: {@code p >= threshold} means
   * present); an empty array for other kinds (single-label decides by argmax).
   */
  float[] thresholds();

  /**
   * Replaces the thresholds (kinds that decide by them only), e.g. after tuning them on dev data.
   */
  void setThresholds(float[] thresholds);

  /**
   * Parameters and thresholds by layer name ({@code pooler.weight}, {@code classifier.bias}, ...);
   * copies.
   */
  Map<String, FloatTensor> state();

  /**
   * Loads tensors saved by {@link #state()}.
   *
   * @throws MtcException naming the tensor when one is missing or has the wrong shape
   */
  void load(Map<String, FloatTensor> state);

  /**
   * The optimizer's state (AdamW moments and step count) by name, copies, for a checkpoint a run
   * can resume from exactly. Empty for a head that keeps none.
   */
  default Map<String, FloatTensor> optimizerState() {
    return Map.of();
  }

  /**
   * Restores {@link #optimizerState()} after {@link #load} of the same checkpoint's parameters.
   *
   * @throws MtcException naming the tensor when one is missing or has the wrong size
   */
  default void loadOptimizerState(Map<String, FloatTensor> state) {
    if (!state.isEmpty()) {
      throw new MtcException(
          "head of task '"
              + task()
              + "' keeps no optimizer state but the checkpoint has "
              + state.keySet());
    }
  }

  /**
   * Result of {@link #forwardBackward}.
   *
   * @param loss mean loss over the batch
   * @param pooledGradient d loss / d pooled, {@code [batch, inputSize]}
   * @param probabilities the batch's probabilities {@code [batch, labels]} (with dropout applied)
   */
  record HeadLoss(double loss, float[][] pooledGradient, float[][] probabilities) {}
}
