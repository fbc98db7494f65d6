package org.mtc.bench.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mtc.core.task.TaskSet;
import org.mtc.core.task.TaskSpec;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.data.SeededSample;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.data.TaskDataLoader;
import org.mtc.tasks.train.TrainSettings;

/**
 * The data of an {@link Experiment}: every task's splits (training capped and sampled as the
 * settings say), the test examples every model is scored on, the sizes the report lists and the
 * checksums of the files read. A task whose data cannot be read, or that has no training or test
 * examples, is left out with a {@link Failure}. Filled by {@link #read}, then only read.
 *
 * @param data the tasks that can be trained and scored, in task-set order
 * @param test per task, the test examples every model is scored on (the whole split, or a seeded
 *     sample)
 * @param trainSizes per task, the training examples used
 * @param testSplitSizes per task, the size of the whole test split
 * @param files the data files read, with their checksums
 */
record BenchData(
    List<TaskData> data,
    Map<String, List<Example>> test,
    Map<String, Integer> trainSizes,
    Map<String, Integer> testSplitSizes,
    List<DataFile> files) {
  private static final Set<String> SPLITS = Set.of("train", "dev", "test");

  /** Reads every task of {@code taskSet} from {@code dataDir}; problems become {@code failures}. */
  static BenchData read(
      TaskSet taskSet,
      Path dataDir,
      TrainSettings train,
      BenchSettings bench,
      List<Failure> failures) {
    BenchData out =
        new BenchData(
            new ArrayList<>(),
            new LinkedHashMap<>(),
            new LinkedHashMap<>(),
            new LinkedHashMap<>(),
            new ArrayList<>());
    for (TaskSpec spec : taskSet.tasks()) {
      try {
        out.add(spec, dataDir, train, bench, failures);
      } catch (RuntimeException e) {
        failures.add(
            new Failure(
                "task " + spec.name(), "data", Experiment.message(e) + " (the task is left out)"));
      }
    }
    return out;
  }

  private void add(
      TaskSpec spec,
      Path dataDir,
      TrainSettings train,
      BenchSettings bench,
      List<Failure> failures) {
    TaskData d =
        TaskDataLoader.load(
            spec, dataDir, Optional.empty(), SPLITS, train.maxTrainPerTask(), train.seed());
    TaskDataLoader.files(spec, dataDir, SPLITS)
        .forEach((split, f) -> files.add(Checksums.of(spec.name(), split, f)));
    List<Example> sample = SeededSample.of(d.test(), bench.maxTestPerTask(), train.seed());
    if (d.train().isEmpty() || sample.isEmpty()) {
      failures.add(
          new Failure(
              "task " + spec.name(),
              "data",
              "no "
                  + (d.train().isEmpty() ? "training" : "test")
                  + " examples, so nothing to "
                  + (d.train().isEmpty() ? "train" : "evaluate")
                  + "; the task is left out. Fix: fill its "
                  + (d.train().isEmpty() ? "train" : "test")
                  + " file or raise mtc.bench.max-test-per-task"));
      return;
    }
    data.add(d);
    test.put(spec.name(), sample);
    testSplitSizes.put(spec.name(), d.test().size());
    trainSizes.put(spec.name(), d.train().size());
  }
}
