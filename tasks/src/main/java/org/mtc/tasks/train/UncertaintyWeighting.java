package org.mtc.tasks.train;

import java.util.List;
import java.util.Optional;
import org.mtc.core.TaskHead;
import org.mtc.tasks.data.Example;

/**
 * Homoscedastic uncertainty weighting of the tasks (Kendall, Gal and Cipolla, CVPR 2018), adapted
 * to a loop whose every step trains one task's batch: wraps another {@link StepLoss} and makes the
 * step of task {@code t} minimise {@code exp(-s_t)·L_t + s_t/2}, with {@code s_t = log σ_t²}
 * learned per task ({@link TaskUncertainties}). A task whose loss stays high (hard or noisy) gets a
 * larger {@code s_t} and so a smaller share of the shared encoder.
 *
 * <p>Only the gradient that flows into the shared encoder ({@link
 * TaskHead.HeadLoss#pooledGradient}, {@code [batch, hidden]}) is scaled by {@code exp(-s_t)}. The
 * head's own gradients are left as they are: each head trains only on its task's batches with
 * AdamW, which divides by the running gradient scale and so is nearly invariant to a constant
 * factor on its loss (up to epsilon); in the encoder, whose AdamW moments all tasks share, the
 * factors change each task's share of the update, which is what the weighting is for. (The
 * encoder's gradient-norm clipping sees the scaled gradient.) Then {@code s_t} takes its SGD step;
 * the scaling and that step both use the {@code s_t} from before the step, as one gradient step on
 * the objective would. The returned loss is the wrapped loss, unweighted, so the loss lines of
 * {@code train.log} stay comparable with an unweighted run. Not thread-safe (it changes the run's
 * weights).
 */
final class UncertaintyWeighting implements StepLoss {
  private final StepLoss loss;
  private final TaskUncertainties uncertainties;

  UncertaintyWeighting(StepLoss loss, TaskUncertainties uncertainties) {
    this.loss = loss;
    this.uncertainties = uncertainties;
  }

  /**
   * {@code loss} weighted by {@code uncertainties} when the run learns them, else {@code loss}
   * itself (no decorator: {@code task-weighting = none} trains exactly as without weighting).
   */
  static StepLoss around(StepLoss loss, Optional<TaskUncertainties> uncertainties) {
    return uncertainties.<StepLoss>map(u -> new UncertaintyWeighting(loss, u)).orElse(loss);
  }

  @Override
  public TaskHead.HeadLoss forwardBackward(
      TaskHead head, float[][] pooled, List<Example> batch, long step, long seed) {
    TaskHead.HeadLoss l = loss.forwardBackward(head, pooled, batch, step, seed);
    double weight = uncertainties.weight(head.task());
    uncertainties.learn(head.task(), l.loss());
    return new TaskHead.HeadLoss(l.loss(), scaled(l.pooledGradient(), weight), l.probabilities());
  }

  /** {@code gradient} times {@code weight}, a new array. */
  static float[][] scaled(float[][] gradient, double weight) {
    float[][] out = new float[gradient.length][];
    for (int i = 0; i < gradient.length; i++) {
      out[i] = new float[gradient[i].length];
      for (int j = 0; j < gradient[i].length; j++) {
        out[i][j] = (float) (gradient[i][j] * weight);
      }
    }
    return out;
  }
}
