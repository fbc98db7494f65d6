package org.mtc.tasks.compare;

import java.util.List;

/**
 * The paired comparison of one multitask model with the single-task models of the same seed: per
 * task and for the mean over tasks (accuracy and macro-F1), each difference with its 95%
 * paired-bootstrap interval ({@link PairedBootstrap}). Immutable.
 *
 * @param tasks per task, in task-set order
 * @param meanAccuracy the mean over tasks of the accuracy differences
 * @param meanMacroF1 the mean over tasks of the macro-F1 differences
 * @param resamples bootstrap resamples drawn
 * @param seed the resampling seed
 */
public record Comparison(
    List<TaskComparison> tasks,
    Interval meanAccuracy,
    Interval meanMacroF1,
    int resamples,
    long seed) {
  public Comparison {
    tasks = List.copyOf(tasks);
  }
}
