package org.mtc.tasks.train;

/**
 * One part of the training loop ({@link Trainer}), in the manner of DJL's {@code TrainingListener}:
 * the loop only takes steps and runs dev evaluations; everything else (logs, checkpoints, the
 * schedule's consequences, the time budget, throughput, progress) happens in listeners, which read
 * and change the run through the {@link LoopContext}. Every hook has an empty default.
 *
 * <p>The loop calls {@link #begin}, then per step {@link #afterStep}, {@link #afterEvaluation} when
 * the step ended with a dev evaluation and {@link #endOfStep}, then {@link #end}. A composite
 * ({@link LoopListeners}) calls its parts in their order, and {@link #end} in reverse, so the part
 * that begins first finishes last; that order is the order of the lines in {@code train.log}.
 *
 * <p>A new concern (a distillation schedule, per-task loss weights, adding tasks) is a new listener
 * or a new {@link StepLoss}, not a branch in the loop. Called on the trainer's thread.
 */
interface LoopListener {
  /** Before the first step (of this process: after a resumed run's restored state). */
  default void begin(LoopContext c) {}

  /** After each optimisation step. */
  default void afterStep(LoopContext c, StepResult step) {}

  /**
   * After the dev evaluation that followed {@code step} ({@code round} holds its metrics and the
   * decision).
   */
  default void afterEvaluation(LoopContext c, StepResult step, DevRound round) {}

  /** Last thing of every step, after its evaluation if it had one. */
  default void endOfStep(LoopContext c) {}

  /** After the last step, whatever ended the run (all steps, early stop, time budget). */
  default void end(LoopContext c) {}
}
