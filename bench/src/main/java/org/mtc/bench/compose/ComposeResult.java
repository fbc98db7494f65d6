package org.mtc.bench.compose;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.mtc.bench.experiment.Failure;
import org.mtc.bench.experiment.MemoryRecord;
import org.mtc.tasks.compare.Comparison;

/**
 * What a compose run measured, as {@code report.json} holds it. A part that was not run, or a
 * comparison whose models failed, is absent from the JSON (null here) and listed under failures.
 *
 * @param plan what the run did
 * @param versions versions and machine facts
 * @param steps every training step with its wall time, in order
 * @param add the add part's measurements; null when not run
 * @param merge the merge part's measurements; null when not run
 * @param goals issue 23's goals with their verdicts
 * @param failures what could not be run or measured, with the reason
 * @param seconds wall time of the whole run (steps finished before a resume count their own time)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComposeResult(
    ComposePlan plan,
    Map<String, String> versions,
    List<StepRecord> steps,
    Add add,
    Merge merge,
    List<ComposeGoals.Goal> goals,
    List<Failure> failures,
    double seconds) {
  public ComposeResult {
    versions = Map.copyOf(versions);
    steps = List.copyOf(steps);
    goals = List.copyOf(goals);
    failures = List.copyOf(failures);
  }

  /**
   * The add part: the new tasks added frozen and distilled to the source, against joint training.
   *
   * @param oldDistillVsSource old tasks, distilled add minus the source, on the test splits
   * @param frozenBitwise whether the frozen add's old tasks answer bit for bit as the source's
   * @param newDistillVsJoint new tasks, distilled add minus joint training
   * @param newFrozenVsJoint new tasks, frozen add minus joint training
   * @param newFrozenVsDistill new tasks, frozen add minus distilled add
   * @param distillCost the distilled add's wall time over joint training's (teacher predictions
   *     included)
   * @param frozenCost the frozen add's wall time over joint training's
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Add(
      Comparison oldDistillVsSource,
      FrozenCheck frozenBitwise,
      Comparison newDistillVsJoint,
      Comparison newFrozenVsJoint,
      Comparison newFrozenVsDistill,
      Double distillCost,
      Double frozenCost) {}

  /**
   * The merge part: models A and B trained on halves of the source's tasks, merged.
   *
   * @param tasksA model A's tasks
   * @param tasksB model B's tasks
   * @param mergedVsSources every task, merged model minus the model that was trained on it
   * @param memory peak RSS of predicting with A, B and the merged model, each in its own JVM
   * @param peakRatio the merged model's peak RSS over A's
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Merge(
      List<String> tasksA,
      List<String> tasksB,
      Comparison mergedVsSources,
      List<MemoryRecord> memory,
      Double peakRatio) {}
}
