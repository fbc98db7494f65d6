package org.mtc.tasks.train;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The learned task weights of {@code task-weighting = uncertainty} ({@link TaskUncertainties}) in
 * the run's files: one {@code train.log} line with every task's weight {@code exp(-s_t)} after each
 * evaluation, and the final weights in {@code metrics.json} ({@code task_weights}) at the end. Does
 * nothing in a run without task weights. Stateless.
 */
final class TaskWeightLog implements LoopListener {
  @Override
  public void afterEvaluation(LoopContext c, StepResult step, DevRound round) {
    c.uncertainties().ifPresent(u -> c.say(line(u.weights())));
  }

  @Override
  public void end(LoopContext c) {
    c.uncertainties().ifPresent(u -> c.files().taskWeights(u.weights()));
  }

  /** {@code task weights: a 1.0000, b 0.8123}. */
  static String line(Map<String, Double> weights) {
    return weights.entrySet().stream()
        .map(e -> String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", ", "task weights: ", ""));
  }
}
