package org.mtc.tasks.train;

import java.util.List;
import org.mtc.core.StepOutcome;

/**
 * What one optimisation step did ({@link TrainingStep}). Immutable.
 *
 * @param step the 1-based step number
 * @param epoch the 1-based epoch it belongs to
 * @param task the index of its task in the plan's task order
 * @param taskName that task's name
 * @param batch the batch it trained on, with its token counts
 * @param loss the batch's mean loss
 * @param learningRate the encoder learning rate of the step
 * @param headLearningRate the head learning rate of the step (by the head's kind)
 * @param outcomes what the head's and the encoder's optimiser did (taken or skipped)
 * @param seconds the time the step took (evaluation and saving are not in it)
 */
record StepResult(
    long step,
    int epoch,
    int task,
    String taskName,
    TaskBatches.Batch batch,
    double loss,
    double learningRate,
    double headLearningRate,
    List<StepOutcome> outcomes,
    double seconds) {

  StepResult {
    outcomes = List.copyOf(outcomes);
  }
}
