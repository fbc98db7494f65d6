package org.mtc.bench.experiment;

import java.util.List;
import java.util.Map;
import org.mtc.tasks.compare.Comparison;
import org.mtc.tasks.eval.TaskMetrics;

/**
 * The models of one training seed, scored: the multitask model's and the single-task models' test
 * metrics per task, and their paired comparison. Immutable.
 *
 * @param seed the training seed ({@code mtc.seed}: head initialisation, batch order, dropout)
 * @param multitask test metrics of the multitask model per task
 * @param singleTask test metrics of each task's single-task model
 * @param comparison multitask minus single-task with paired-bootstrap intervals
 * @param strategies the multitask models of the other strategies ({@code bench --strategies}), in
 *     the order chosen; empty with the baseline alone
 */
public record SeedRun(
    long seed,
    Map<String, TaskMetrics> multitask,
    Map<String, TaskMetrics> singleTask,
    Comparison comparison,
    List<StrategyRun> strategies) {
  public SeedRun {
    strategies = List.copyOf(strategies);
  }
}
