package org.mtc.tasks.train;

import java.util.List;
import org.mtc.core.TaskHead;
import org.mtc.tasks.data.Example;

/**
 * The loss of one training batch: what the head is trained towards. {@link TrainingStep} hands it
 * the pooled encoder output of the batch; it calls the head's {@link TaskHead#forwardBackward} with
 * the targets it chooses and returns the loss and the gradient for the encoder. The
 * implementations: {@link GoldLabelLoss} (the gold labels), {@link DistillationLoss} (the gold
 * labels mixed with a teacher's distribution, with a weight that changes over the run) and {@link
 * UncertaintyWeighting} (weights the tasks, around either); each is a class, not a branch in the
 * step.
 */
interface StepLoss {
  /**
   * Computes the loss of {@code batch} and accumulates the head's gradients.
   *
   * @param pooled the encoder output of the batch, {@code [batch, hidden]}
   * @param step the 1-based step number (for losses whose mix changes over the run)
   * @param seed seeds the head's dropout for this batch
   */
  TaskHead.HeadLoss forwardBackward(
      TaskHead head, float[][] pooled, List<Example> batch, long step, long seed);
}
