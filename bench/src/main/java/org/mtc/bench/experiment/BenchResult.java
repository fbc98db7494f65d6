package org.mtc.bench.experiment;

import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * @param dataFiles every data file read, with its SHA-256
 * @param multitask test metrics of the multitask model per task
 * @param singleTask test metrics of each task's single-task model
 * @param trainings every training run
 * @param memory every memory probe (failed ones included)
 * @param speed the throughput measurement, if it ran
 * @param failures configurations that failed, and why
 * @param notes caveats worth printing with the numbers
 * @param wallSeconds the whole run
 */
public record BenchResult(String command, Map<String, String> versions, String settings, BenchSettings bench,
    List<String> tasks, Map<String, Integer> trainExamples, Map<String, Integer> testExamples,
    List<DataFile> dataFiles, Map<String, TaskMetrics> multitask, Map<String, TaskMetrics> singleTask,
    List<TrainingRecord> trainings, List<MemoryRecord> memory, Optional<SpeedRecord> speed, List<Failure> failures,
    List<String> notes, double wallSeconds) {
}
