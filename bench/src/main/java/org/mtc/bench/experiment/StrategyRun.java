package org.mtc.bench.experiment;

import java.util.Map;
import org.mtc.tasks.compare.Comparison;
import org.mtc.tasks.eval.TaskMetrics;

/**
 * One seed's multitask model of a {@link Strategy} other than the baseline, scored on the same test
 * examples. Immutable.
 *
 * @param strategy the strategy's name
 * @param metrics its test metrics per task
 * @param vsSingleTask it minus the single-task models, with paired-bootstrap intervals
 * @param vsBaseline it minus the baseline multitask model, with paired-bootstrap intervals
 */
public record StrategyRun(
    String strategy,
    Map<String, TaskMetrics> metrics,
    Comparison vsSingleTask,
    Comparison vsBaseline) {}
