package org.mtc.tasks.train;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mtc.tasks.eval.TaskMetrics;

/**
 * What a training run produced.
 *
 * @param outputDir the run's directory ({@code train.log}, {@code metrics.json}, {@code model/})
 * @param bestModel the best checkpoint, a model directory for {@code MultitaskModel.load}
 * @param bestRound 1-based evaluation round of the best checkpoint; 0 when there was no dev data
 *     and the final model was kept
 * @param bestStep the step of the best checkpoint
 * @param bestMeanDevScore its mean dev score, the score that selects the checkpoint ({@code
 *     Evaluator.meanDevScore}: accuracy for single-label tasks, the {@code
 *     mtc.train.multi-label-metric} for multi-label ones; {@code mean_score} in {@code
 *     metrics.json}; NaN without dev data)
 * @param bestDev its dev metrics per task (empty without dev data)
 * @param steps steps actually run
 * @param rounds evaluations run
 * @param stoppedEarly whether early stopping ended the run
 * @param cutByTime whether the time budget ({@code mtc.train.max-time}) ended the run
 * @param throughput examples and tokens per second, padding and the roofline share
 * @param peakRssBytes the process's peak resident memory at the end of training, or -1 where
 *     unknown
 * @param teacherSeconds wall time spent reading or making the teachers' predictions before the
 *     first step (0 without teachers)
 * @param profile where the run's wall time went, phase by phase ({@link StepProfile})
 */
public record TrainResult(
    Path outputDir,
    Path bestModel,
    int bestRound,
    long bestStep,
    double bestMeanDevScore,
    Map<String, TaskMetrics> bestDev,
    long steps,
    int rounds,
    boolean stoppedEarly,
    boolean cutByTime,
    Throughput throughput,
    long peakRssBytes,
    double teacherSeconds,
    StepProfile profile) {

  public TrainResult {
    bestDev = Collections.unmodifiableMap(new LinkedHashMap<>(bestDev));
  }
}
