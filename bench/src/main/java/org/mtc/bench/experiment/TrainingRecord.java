package org.mtc.bench.experiment;

import java.util.List;

/**
 * One training run of the experiment.
 *
 * @param configuration {@code multitask} or {@code single-task <task>}
 * @param tasks the tasks trained
 * @param examples training examples (all tasks)
 * @param steps optimisation steps run
 * @param seconds wall time, dev evaluations and checkpoints included
 * @param bestDevMean the best mean dev score, which selected the model (NaN without dev data)
 * @param peakRssBytes peak VmRSS sampled during the run (the bench process; -1 without /proc)
 * @param modelDir the best checkpoint
 * @param teacherSeconds of {@code seconds}, the time the teachers' predictions took (0 without
 *     teachers)
 */
public record TrainingRecord(
    String configuration,
    List<String> tasks,
    long examples,
    long steps,
    double seconds,
    double bestDevMean,
    long peakRssBytes,
    String modelDir,
    double teacherSeconds) {

  public TrainingRecord {
    tasks = List.copyOf(tasks);
  }
}
