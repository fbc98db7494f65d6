package org.mtc.tasks.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mtc.tasks.eval.TaskMetrics;

/**
 * One dev evaluation of a run ({@link DevEvaluation}). Immutable.
 *
 * @param round the 1-based evaluation number
 * @param metrics dev metrics per task (tasks without dev examples are absent)
 * @param meanDevScore the mean dev score, which selects the checkpoint ({@code
 *     Evaluator.meanDevScore})
 * @param decision what the plateau schedule made of it (improved, halved, stop)
 */
record DevRound(
    int round,
    Map<String, TaskMetrics> metrics,
    double meanDevScore,
    PlateauSchedule.Decision decision) {

  DevRound {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  boolean improved() {
    return decision.improved();
  }
}
