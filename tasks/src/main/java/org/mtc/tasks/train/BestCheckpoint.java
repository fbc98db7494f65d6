package org.mtc.tasks.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.tasks.eval.TaskMetrics;
import org.mtc.tasks.model.Checkpoints;
import org.mtc.tasks.predict.Evaluator;

/**
 * Keeps the best model: after each evaluation it records the round in {@code metrics.json} and
 * {@code train.log}, and when the mean dev score improved it replaces {@code <out>/model}
 * atomically with the current weights (with the dev metrics and a copy of {@code train.log}), so
 * the output directory always holds the best model so far. A run without dev data keeps its final
 * model instead. Stateless; the best round lives in the {@link LoopContext}.
 */
final class BestCheckpoint implements LoopListener {
  @Override
  public void afterEvaluation(LoopContext c, StepResult step, DevRound round) {
    ObjectNode record = roundRecord(step, round, c.settings().multiLabelMetric().configName());
    if (round.improved()) {
      ObjectNode checkpointMetrics = Evaluator.toJson(round.metrics());
      checkpointMetrics.put("split", "dev").put("round", round.round()).put("step", step.step());
      save(c, checkpointMetrics);
      c.best(round.round(), step.step(), round.metrics());
    }
    c.files().round(record, round.improved());
    c.files()
        .line(
            TrainLog.evalLine(
                round.round(),
                step.step(),
                round.meanDevScore(),
                round.improved()
                    ? " (best, saved to " + c.bestDir() + ")"
                    : " (best " + TrainLog.fmt(c.schedule().best()) + ")",
                round.metrics()));
  }

  @Override
  public void end(LoopContext c) {
    if (!c.plan().hasDev()) {
      save(c, null);
      c.best(0, c.step(), Map.of());
      c.say("no dev examples in any task: kept the final model in " + c.bestDir());
    }
  }

  /** The round as {@code metrics.json} lists it, its mean dev score under {@code mean_score}. */
  static ObjectNode roundRecord(StepResult step, DevRound round, String multiLabelMetric) {
    ObjectNode record = RunFiles.newNode();
    record
        .put("round", round.round())
        .put("step", step.step())
        .put("epoch", step.epoch())
        .put("learning_rate", step.learningRate())
        .put("head_learning_rate", step.headLearningRate())
        .put("improved", round.improved());
    Map<String, TaskMetrics> metrics = round.metrics();
    record.setAll(Evaluator.toJson(metrics, false));
    record.put("mean_score", round.meanDevScore()).put("multi_label_metric", multiLabelMetric);
    return record;
  }

  private static void save(LoopContext c, ObjectNode metrics) {
    Checkpoints.replace(
        c.bestDir(),
        tmp -> {
          c.model().writeTo(tmp, metrics);
          try {
            Files.copy(c.files().log(), tmp.resolve(RunFiles.LOG));
          } catch (IOException e) {
            throw new MtcException(
                "could not copy "
                    + c.files().log()
                    + " into the checkpoint "
                    + tmp
                    + ": "
                    + e.getMessage(),
                e);
          }
        });
  }
}
