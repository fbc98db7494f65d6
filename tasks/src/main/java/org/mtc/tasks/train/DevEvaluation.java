package org.mtc.tasks.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.TaskHead;
import org.mtc.heads.MultiLabelMetric;
import org.mtc.heads.ThresholdTuning;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.eval.TaskMetrics;
import org.mtc.tasks.predict.Evaluator;

/**
 * The dev evaluations of a run: when they are due ({@code eval-every} steps, else every epoch;
 * always after the last step and when the time budget cuts the run; never without dev data), and
 * what one does: the thresholds of heads whose kind decides by them (multi-label) are tuned on the
 * dev examples for {@code mtc.train.multi-label-metric}, every task is scored, the mean dev score
 * ({@link Evaluator#meanDevScore}) is recorded in the plateau schedule. What follows from it (the
 * best checkpoint, the log, halving, early stopping) is up to the listeners. Not thread-safe.
 */
final class DevEvaluation {
  private final Evaluator evaluator;

  DevEvaluation(int batchSize) {
    this.evaluator = new Evaluator(batchSize);
  }

  /** Whether the step just taken ends with an evaluation. */
  boolean due(LoopContext c) {
    return c.plan().hasDev()
        && (scheduled(c.step(), c.settings().evalEvery(), c.plan().stepsPerEpoch())
            || c.lastStep()
            || c.cutByTime());
  }

  /**
   * Whether {@code step} is an evaluation step: every {@code evalEvery} steps, or (0) at the end of
   * each epoch.
   */
  static boolean scheduled(long step, long evalEvery, long stepsPerEpoch) {
    return evalEvery > 0 ? step % evalEvery == 0 : step % stepsPerEpoch == 0;
  }

  /** Runs the next evaluation and records its mean dev score in the schedule. */
  DevRound run(LoopContext c) {
    int round = c.nextRound();
    MultiLabelMetric metric = c.settings().multiLabelMetric();
    Map<String, TaskMetrics> metrics = evaluate(c, metric);
    double score = Evaluator.meanDevScore(metrics, metric);
    return new DevRound(round, metrics, score, c.schedule().record(score));
  }

  /**
   * Dev metrics per task; heads with thresholds (multi-label) get them tuned for {@code metric} on
   * the same examples first.
   */
  private Map<String, TaskMetrics> evaluate(LoopContext c, MultiLabelMetric metric) {
    List<String> names = c.plan().names();
    Map<String, TaskMetrics> out = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      List<Example> examples = c.plan().dev().get(i);
      if (examples.isEmpty()) {
        continue;
      }
      TaskHead head = c.model().head(names.get(i));
      float[][] probs = evaluator.probabilities(c.model(), names.get(i), examples);
      if (head.kind().decidesByThresholds()) {
        head.setThresholds(
            ThresholdTuning.tune(probs, Evaluator.gold(examples, head.labels().size()), metric));
      }
      out.put(names.get(i), Evaluator.score(head, examples, probs));
    }
    return out;
  }
}
