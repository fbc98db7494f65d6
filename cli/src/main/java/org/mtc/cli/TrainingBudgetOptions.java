package org.mtc.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The training options that {@code mtc train} and {@code mtc tasks add} share: how much data, how
 * long, in what batches, at what head learning rate and seed. Each stands for one setting ({@link
 * #put}).
 */
final class TrainingBudgetOptions {
  @Option(
      names = "--max-train-per-task",
      paramLabel = "N",
      description = "Train on at most N examples per task.")
  Integer maxTrainPerTask;

  @Option(names = "--epochs", paramLabel = "N")
  Integer epochs;

  @Option(names = "--max-steps", paramLabel = "N")
  Long maxSteps;

  @Option(names = "--batch-size", paramLabel = "N")
  Integer batchSize;

  @Option(names = "--head-learning-rate", paramLabel = "LR")
  Double headLearningRate;

  @Option(names = "--seed", paramLabel = "N")
  Long seed;

  @Option(
      names = "--max-time",
      paramLabel = "DURATION",
      description =
          "Stop training after this wall-clock time (e.g. 40m, 90s, 2h) and keep the best model "
              + "so far.")
  String maxTime;

  /** Adds the setting of each option to {@code values} (null where the option is not given). */
  void put(Map<String, Object> values) {
    values.put("mtc.train.max-train-per-task", maxTrainPerTask);
    values.put("mtc.train.epochs", epochs);
    values.put("mtc.train.max-steps", maxSteps);
    values.put("mtc.train.batch-size", batchSize);
    values.put("mtc.train.head-learning-rate", headLearningRate);
    values.put("mtc.seed", seed);
    values.put("mtc.train.max-time", maxTime);
  }
}
