package org.mtc.bench.experiment;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mtc.tasks.compare.SeedSummary;
import org.mtc.tasks.eval.TaskMetrics;

/**
 * Everything one run of the experiment measured, for {@link ReportWriter}. Immutable.
 *
 * @param command the command line as run
 * @param versions java, os, mtc, engine, cores...
 * @param settings the merged settings, rendered as HOCON
 * @param bench the experiment's settings
 * @param tasks the tasks of the task set, in order
 * @param trainExamples training examples per task (after the cap)
 * @param testExamples test examples per task scoring every model (after the cap)
 * @param testSplitSizes examples in each task's whole test split (more than testExamples when
 *     sampled)
 * @param dataFiles every data file read, with its SHA-256
 * @param seedRuns per training seed: every model's test metrics and the paired comparison (at least
 *     one)
 * @param seedSummary with two seeds or more: spread over seeds and t-intervals
 * @param trainings every training run
 * @param memory every memory probe (failed ones included)
 * @param speed the throughput measurement, if it ran
 * @param failures configurations that failed, and why
 * @param notes caveats worth printing with the numbers
 * @param wallSeconds the whole run
 */
public record BenchResult(
    String command,
    Map<String, String> versions,
    String settings,
    BenchSettings bench,
    List<String> tasks,
    Map<String, Integer> trainExamples,
    Map<String, Integer> testExamples,
    Map<String, Integer> testSplitSizes,
    List<DataFile> dataFiles,
    List<SeedRun> seedRuns,
    Optional<SeedSummary> seedSummary,
    List<TrainingRecord> trainings,
    List<MemoryRecord> memory,
    Optional<SpeedRecord> speed,
    List<Failure> failures,
    List<String> notes,
    double wallSeconds) {

  public BenchResult {
    seedRuns = List.copyOf(seedRuns);
  }

  /**
   * Test metrics of the first seed's multitask model per task (the model whose memory and speed are
   * measured).
   */
  public Map<String, TaskMetrics> multitask() {
    return seedRuns.isEmpty() ? Map.of() : seedRuns.get(0).multitask();
  }

  /** Test metrics of the first seed's single-task models per task. */
  public Map<String, TaskMetrics> singleTask() {
    return seedRuns.isEmpty() ? Map.of() : seedRuns.get(0).singleTask();
  }

  /** Whether task {@code task} was scored on a sample rather than its whole test split. */
  public boolean sampled(String task) {
    return testExamples.getOrDefault(task, 0) < testSplitSizes.getOrDefault(task, 0);
  }
}
