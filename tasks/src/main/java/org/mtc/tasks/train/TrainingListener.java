package org.mtc.tasks.train;

import java.util.Map;
import org.mtc.tasks.eval.TaskMetrics;

/**
 * Receives the progress of a training run, so a command line can draw a progress bar or print plain
 * lines. Called on the trainer's thread; implementations should return quickly. Every method has an
 * empty default.
 */
public interface TrainingListener {
  /** A listener that ignores everything. */
  TrainingListener NONE = new TrainingListener() {};

  /**
   * Training begins: {@code totalSteps} batches over {@code totalExamples} training examples (all
   * tasks).
   */
  default void started(long totalSteps, long totalExamples) {}

  /**
   * One optimisation step finished.
   *
   * @param stepIndex 1-based step number
   * @param task the task of the batch
   * @param loss the batch's mean loss
   * @param examplesPerSecond training throughput so far (evaluation time excluded)
   * @param learningRate the encoder learning rate of this step
   */
  default void step(
      long stepIndex, String task, double loss, double examplesPerSecond, double learningRate) {}

  /**
   * A dev evaluation finished.
   *
   * @param round 1-based evaluation number
   * @param dev metrics per task (tasks without dev examples are absent)
   * @param meanDevScore the mean dev score, which selects checkpoints ({@code
   *     Evaluator.meanDevScore}: accuracy for single-label tasks, the {@code
   *     mtc.train.multi-label-metric} for multi-label ones)
   * @param improved whether this is the best so far (the checkpoint was replaced)
   */
  default void evaluated(
      int round, Map<String, TaskMetrics> dev, double meanDevScore, boolean improved) {}

  /**
   * An optimiser step was skipped because a gradient norm was not finite (the project's one rule,
   * {@code AdamWPolicy}): the weights of {@code reason}'s owner (a head or the encoder) stayed as
   * they were and training went on. The trainer also writes it to {@code train.log}. The default
   * passes it to {@link #message}.
   *
   * @param stepIndex 1-based step number
   * @param task the task of the batch
   * @param reason names the owner, the norm and what to do
   */
  default void skippedStep(long stepIndex, String task, String reason) {
    message("step " + stepIndex + " (" + task + "): " + reason);
  }

  /** A human-readable event: learning rate halved, early stop, checkpoint written. */
  default void message(String message) {}
}
