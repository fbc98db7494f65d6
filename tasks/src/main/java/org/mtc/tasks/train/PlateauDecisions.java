package org.mtc.tasks.train;

import java.util.Locale;

/**
 * Acts on what the {@link PlateauSchedule} decided after an evaluation: says when the learning
 * rates were halved (the {@link TrainingStep} reads the new scale from the schedule), and ends the
 * run early after {@code early-stop-patience} evaluations without a better mean dev score, unless
 * it ends after this step anyway. Stateless.
 */
final class PlateauDecisions implements LoopListener {
  @Override
  public void afterEvaluation(LoopContext c, StepResult step, DevRound round) {
    TrainSettings s = c.settings();
    if (round.decision().halved()) {
      c.say(
          String.format(
              Locale.ROOT,
              "no improvement for %d evaluations: learning rates halved to %.2e "
                  + "(encoder) and %.2e (heads)",
              s.plateauPatience(),
              s.learningRate() * c.schedule().scale(),
              s.headLearningRate() * c.schedule().scale()));
    }
    if (round.decision().stop() && !c.lastStep() && !c.cutByTime()) {
      c.stopEarly();
      c.say(
          "early stop at step "
              + c.step()
              + ": no improvement for "
              + s.earlyStopPatience()
              + " evaluations; best mean dev score "
              + TrainLog.fmt(c.schedule().best())
              + " at evaluation "
              + c.bestRound());
    }
  }
}
