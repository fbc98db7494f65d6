package org.mtc.tasks.train;

import java.util.List;
import java.util.Map;
import org.mtc.tasks.eval.TaskMetrics;

/**
 * Where a training loop stands after a step, besides the weights and optimizer moments: what a
 * resumed run needs to continue exactly as an uninterrupted one. Written as JSON in each resumable
 * checkpoint. Immutable.
 *
 * @param step steps done
 * @param round evaluations done
 * @param bestRound the evaluation of the best checkpoint (0: none yet)
 * @param bestStep the step of the best checkpoint
 * @param bestDev dev metrics of the best checkpoint
 * @param schedule the plateau schedule (best mean dev score, patience counters, halvings)
 * @param passes per task (task order), the pass its next batch comes from
 * @param positions per task, batches of that pass already used
 * @param throughput examples, tokens and training seconds so far
 * @param rounds the evaluation records of {@code metrics.json} so far
 * @param taskLogVariances per task (task order), the learned log variance of {@code task-weighting
 *     = uncertainty} ({@link TaskUncertainties}); null for a run without task weights, and in
 *     checkpoints written before there were any
 */
public record LoopState(
    long step,
    int round,
    int bestRound,
    long bestStep,
    Map<String, TaskMetrics> bestDev,
    PlateauSchedule.State schedule,
    List<Long> passes,
    List<Integer> positions,
    Throughput throughput,
    List<Map<String, Object>> rounds,
    List<Double> taskLogVariances) {}
