package org.mtc.tasks.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mtc.core.MtcException;

/**
 * The learned log variances {@code s_t = log σ_t²} of the tasks, one per task in the plan's order,
 * each starting at 0 (weight 1), and how one step of a task moves its own: the run state of {@link
 * UncertaintyWeighting}. A task's step minimises {@code exp(-s_t)·L_t + s_t/2}, whose gradient in
 * {@code s_t} is {@code 1/2 - exp(-s_t)·L_t}; {@link #learn} takes one plain SGD step of {@code
 * rate} along it, so for a steady loss {@code s_t} settles at {@code log(2·L_t)}.
 *
 * <p>Plain SGD with its own rate ({@code mtc.train.task-weighting-rate}), not AdamW at the head
 * learning rate: Kendall et al. learn {@code s} with the network's optimiser, but here the head
 * rate is halved on plateaus and differs by head kind, and AdamW's normalised steps of {@code 1e-3}
 * would take thousands of a task's steps to move {@code s} by one. The SGD gradient is already of
 * order 1 and shrinks near the resting point, where each step closes a share {@code rate/2} of the
 * gap ({@code rate ≤ 1} keeps that contracting): a rate of 0.01 averages over about 200 of the
 * task's batches. A non-finite loss (a step the optimiser skips) leaves {@code s_t} unchanged.
 * Saved in every resumable checkpoint ({@link LoopState#taskLogVariances}). Not thread-safe.
 */
final class TaskUncertainties {
  private final List<String> tasks;
  private final double rate;
  private final double[] logVariances;

  /**
   * @param tasks the task names in the plan's order
   * @param rate the SGD rate of the log variances
   */
  TaskUncertainties(List<String> tasks, double rate) {
    this.tasks = List.copyOf(tasks);
    this.rate = rate;
    this.logVariances = new double[tasks.size()];
  }

  /**
   * The log variances a run with {@code weighting} learns, all 0; empty when it weights no tasks
   * ({@link TaskWeighting#NONE}).
   */
  static Optional<TaskUncertainties> of(TaskWeightingSettings weighting, List<String> tasks) {
    return weighting.weighted()
        ? Optional.of(new TaskUncertainties(tasks, weighting.rate()))
        : Optional.empty();
  }

  /**
   * Continues a resumed run's log variances from its checkpoint's.
   *
   * @param run those of the resumed run (empty without task weighting)
   * @param saved those of the checkpoint; null when its run had none (also every checkpoint written
   *     before task weighting existed)
   * @throws MtcException when one has task weights and the other has not: the run is resumed with
   *     another {@code mtc.train.task-weighting} than it had
   */
  static void resume(
      Optional<TaskUncertainties> run,
      List<Double> saved,
      Path checkpoint,
      TaskWeightingSettings weighting) {
    if (run.isPresent() != (saved != null)) {
      throw new MtcException(
          "checkpoint "
              + checkpoint
              + (saved == null ? " has no task weights" : " has learned task weights")
              + ", this run has "
              + TaskWeightingSettings.METHOD
              + " = "
              + weighting.method().configName()
              + "; resume with the run's own settings (its settings.conf)");
    }
    run.ifPresent(u -> u.restore(saved));
  }

  /** The current weight {@code exp(-s_t)} of {@code task}'s loss. */
  double weight(String task) {
    return Math.exp(-logVariances[index(task)]);
  }

  /**
   * One SGD step of {@code task}'s log variance after a batch with (unweighted) mean loss {@code
   * loss}: {@code s_t -= rate·(1/2 - exp(-s_t)·loss)}.
   */
  void learn(String task, double loss) {
    if (!Double.isFinite(loss)) {
      return;
    }
    int i = index(task);
    logVariances[i] -= rate * (0.5 - Math.exp(-logVariances[i]) * loss);
  }

  /** The weights {@code exp(-s_t)} by task, in the plan's order. */
  Map<String, Double> weights() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String t : tasks) {
      out.put(t, weight(t));
    }
    return out;
  }

  /** The log variances in the plan's task order, for a resumable checkpoint. */
  List<Double> logVariances() {
    List<Double> out = new ArrayList<>(logVariances.length);
    for (double s : logVariances) {
      out.add(s);
    }
    return out;
  }

  /** Continues from the log variances of a checkpoint ({@link #logVariances}). */
  void restore(List<Double> saved) {
    if (saved.size() != logVariances.length) {
      throw new MtcException(
          "the checkpoint has task weights for "
              + saved.size()
              + " tasks, this run has "
              + logVariances.length);
    }
    for (int i = 0; i < logVariances.length; i++) {
      logVariances[i] = saved.get(i);
    }
  }

  private int index(String task) {
    int i = tasks.indexOf(task);
    if (i < 0) {
      throw new IllegalArgumentException("no task weight for " + task + ", tasks are " + tasks);
    }
    return i;
  }
}
