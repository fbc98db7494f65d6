package org.mtc.tasks.train;

import java.util.ArrayList;
import java.util.List;
import org.mtc.core.AdamWSettings;
import org.mtc.core.Backbone;
import org.mtc.core.Input;
import org.mtc.core.StepOutcome;
import org.mtc.core.TaskHead;
import org.mtc.core.TrainingPass;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.train.StepProfile.Phase;

/**
 * One step of the loop: picks the task ({@link TaskSampler}), takes its next batch ({@link
 * TaskBatches}), and trains on it: the backbone encodes the batch in training mode, the {@link
 * StepLoss} computes the head's loss and the gradient for the pooled {@code [batch, hidden]}, the
 * backbone back-propagates it, the head and then the encoder take an AdamW step. A frozen backbone
 * ({@link Backbone#trainable()} false) only encodes; only the head trains. Dropout is reseeded from
 * the run's seed and the step number, so a seed repeats a run exactly.
 */
final class TrainingStep {
  /** Mixes the run's seed with the step number into the step's dropout seed. */
  static final long SEED_MIX = 0x9E3779B97F4A7C15L;

  private final StepLoss loss;

  TrainingStep(StepLoss loss) {
    this.loss = loss;
  }

  /** Takes the next step of the run in {@code c}. */
  StepResult run(LoopContext c) {
    long picked = System.nanoTime();
    long step = c.nextStep();
    int epoch = c.epoch();
    int task = c.sampler().next(epoch);
    TaskHead head = c.model().head(c.plan().names().get(task));
    TaskBatches.Batch batch = c.plan().batches().get(task).next();
    c.profile().since(Phase.DATA, picked);
    TrainSettings s = c.settings();
    double lr = s.learningRate() * c.schedule().scale();
    double headLr = s.headLearningRate(head.kind()) * c.schedule().scale();
    long started = System.nanoTime();
    long seed = s.seed() * SEED_MIX + step;
    c.model().backbone().seedTrainingStep(seed);
    List<StepOutcome> outcomes = new ArrayList<>(2);
    double mean =
        optimise(
            c.model().backbone(),
            head,
            batch.examples(),
            step,
            seed,
            s.optimizer(),
            lr,
            headLr,
            outcomes,
            c.profile());
    return new StepResult(
        step,
        epoch,
        task,
        head.task(),
        batch,
        mean,
        lr,
        headLr,
        outcomes,
        (System.nanoTime() - started) / 1e9);
  }

  /** Adds the time since {@code t} to {@code phase} and returns now. */
  private static long mark(StepProfile profile, Phase phase, long t) {
    long now = System.nanoTime();
    profile.add(phase, now - t);
    return now;
  }

  /**
   * One optimisation step on one task's batch; returns the batch's mean loss and adds the head's
   * and the encoder's step outcomes to {@code outcomes}.
   */
  private double optimise(
      Backbone backbone,
      TaskHead head,
      List<Example> batch,
      long step,
      long seed,
      AdamWSettings optimizer,
      double lr,
      double headLr,
      List<StepOutcome> outcomes,
      StepProfile profile) {
    List<Input> inputs =
        batch.stream().map(Example::input).toList(); // no context unless the task has a column
    long t = System.nanoTime();
    if (!backbone.trainable()) {
      float[][] pooled = backbone.encode(inputs);
      t = mark(profile, Phase.ENCODER_FORWARD, t);
      TaskHead.HeadLoss l = loss.forwardBackward(head, pooled, batch, step, seed);
      t = mark(profile, Phase.HEADS, t);
      outcomes.add(head.step(optimizer, headLr));
      mark(profile, Phase.OPTIMIZER, t);
      return l.loss();
    }
    double mean;
    try (TrainingPass pass = backbone.forwardForTraining(inputs)) {
      long tokenization = (long) (pass.tokenizationSeconds() * 1e9);
      profile.add(Phase.TOKENIZATION, tokenization);
      profile.add(Phase.ENCODER_FORWARD, System.nanoTime() - t - tokenization);
      t = System.nanoTime();
      TaskHead.HeadLoss l = loss.forwardBackward(head, pass.pooled(), batch, step, seed);
      t = mark(profile, Phase.HEADS, t);
      pass.backward(l.pooledGradient());
      t = mark(profile, Phase.ENCODER_BACKWARD, t);
      mean = l.loss();
    }
    outcomes.add(head.step(optimizer, headLr));
    outcomes.add(backbone.applyGradients(lr));
    mark(profile, Phase.OPTIMIZER, t);
    return mean;
  }
}
