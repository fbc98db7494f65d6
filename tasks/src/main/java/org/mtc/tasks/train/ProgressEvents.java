package org.mtc.tasks.train;

import org.mtc.core.StepOutcome;

/**
 * Passes the run's progress to the caller's {@link TrainingListener}: the start, each step (with
 * the throughput so far), each evaluation; a skipped optimiser step is also written to {@code
 * train.log}. (Messages reach the listener through {@link LoopContext#say}.) Stateless.
 */
final class ProgressEvents implements LoopListener {
  @Override
  public void begin(LoopContext c) {
    c.progress().started(c.plan().totalSteps(), c.plan().totalExamples());
  }

  @Override
  public void afterStep(LoopContext c, StepResult step) {
    for (StepOutcome o : step.outcomes()) {
      if (o.skipped()) {
        c.files().line("step " + step.step() + " (" + step.taskName() + ") skipped: " + o.reason());
        c.progress().skippedStep(step.step(), step.taskName(), o.reason());
      }
    }
    c.progress()
        .step(
            step.step(),
            step.taskName(),
            step.loss(),
            c.throughput().examplesPerSecond(),
            step.learningRate());
  }

  @Override
  public void afterEvaluation(LoopContext c, StepResult step, DevRound round) {
    c.progress().evaluated(round.round(), round.metrics(), round.meanDevScore(), round.improved());
  }
}
