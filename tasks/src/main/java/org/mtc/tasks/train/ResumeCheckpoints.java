package org.mtc.tasks.train;

/**
 * The resumable checkpoints of a run ({@link ResumeCheckpoint}): a resumed run first restores its
 * loop state ({@link LoopContext#restore}); then a checkpoint is written after every evaluation,
 * every {@code checkpoint-every} steps and when the time budget cuts the run, except after the last
 * step and an early stop; a run that ends by itself removes them, a time-cut one keeps them to
 * continue later. An engine that cannot save its optimizer state writes none, and the log says so.
 * Not thread-safe.
 */
final class ResumeCheckpoints implements LoopListener {
  private boolean resumable;
  private boolean evaluated;

  @Override
  public void begin(LoopContext c) {
    if (c.checkpoint() != null) {
      c.restore();
      c.say(
          "resumed from "
              + c.checkpoint()
              + " at step "
              + c.step()
              + " of "
              + c.plan().totalSteps()
              + ", after evaluation "
              + c.round());
    }
    resumable = c.model().backbone().resumable();
    if (!resumable) {
      c.say(
          "the "
              + c.model().backbone().info().engine()
              + " engine cannot save its optimizer state: this run "
              + "writes no resumable checkpoints");
    }
  }

  @Override
  public void afterEvaluation(LoopContext c, StepResult step, DevRound round) {
    evaluated = true;
  }

  @Override
  public void endOfStep(LoopContext c) {
    if (resumable
        && due(
            c.step(),
            c.settings().checkpointEvery(),
            evaluated,
            c.lastStep() || c.stoppedEarly(),
            c.cutByTime())) {
      ResumeCheckpoint.write(c.outputDir(), c.model(), c.snapshot());
    }
    evaluated = false;
  }

  @Override
  public void end(LoopContext c) {
    if (!c.cutByTime()) {
      ResumeCheckpoint.discard(c.outputDir());
    }
  }

  /**
   * Whether step {@code step} writes a checkpoint.
   *
   * @param every {@code checkpoint-every} (0: only at evaluations)
   * @param evaluated the step ended with an evaluation
   * @param finished the run ends after this step by itself (its last step, an early stop): nothing
   *     to resume
   * @param cutByTime the time budget ends the run after this step
   */
  static boolean due(
      long step, long every, boolean evaluated, boolean finished, boolean cutByTime) {
    return !finished && (evaluated || (every > 0 && step % every == 0) || cutByTime);
  }
}
