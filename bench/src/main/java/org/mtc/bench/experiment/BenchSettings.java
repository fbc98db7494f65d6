package org.mtc.bench.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.List;
import java.util.Optional;
import org.mtc.core.MtcException;
import org.mtc.library.Mtc;

/**
 * The experiment's own settings, read from {@code mtc.bench} (bench module reference.conf).
 * Immutable.
 *
 * @param maxTestPerTask test examples per task scoring every model (seeded sample); 0: all
 * @param memoryTexts texts each memory probe predicts after loading
 * @param childTimeoutSeconds how long a child JVM may run
 * @param childJvmOptions extra options of the child JVMs
 * @param speedTexts texts timed for throughput
 * @param speedBatchSize texts per encoder pass when timing
 * @param speedRounds alternating multitask/single-task rounds; the fastest of each counts
 * @param seeds trainings per configuration, with seeds mtc.seed, mtc.seed + 1, ...
 * @param bootstrapResamples resamples of the paired bootstrap
 * @param singleTask whether single-task models are trained and compared (off: the multitask model
 *     alone)
 * @param inferenceEngine the engine that scores, probes memory and times the trained models (by
 *     default the one prediction runs on, {@code Mtc.engineFor}: {@code mtc.inference.engine}
 *     unless {@code mtc.backbone.engine} is set); see {@link #inference()}
 * @param strategies the multitask training strategies compared, {@link Strategy#BASELINE} first
 */
public record BenchSettings(
    int maxTestPerTask,
    int memoryTexts,
    long childTimeoutSeconds,
    List<String> childJvmOptions,
    int speedTexts,
    int speedBatchSize,
    int speedRounds,
    int seeds,
    int bootstrapResamples,
    boolean singleTask,
    String inferenceEngine,
    List<Strategy> strategies) {

  public BenchSettings {
    childJvmOptions = List.copyOf(childJvmOptions);
    strategies = List.copyOf(strategies);
    if (!singleTask && strategies.stream().anyMatch(Strategy::distill)) {
      throw new MtcException(
          "mtc.bench.strategies: "
              + strategies.stream().filter(Strategy::distill).map(Strategy::name).toList()
              + " distil from the single-task models, which mtc.bench.single-task = false does not "
              + "train; train them, or leave those strategies out");
    }
    if (maxTestPerTask < 0
        || memoryTexts < 0
        || childTimeoutSeconds <= 0
        || speedTexts <= 0
        || speedBatchSize <= 0
        || speedRounds <= 0
        || seeds <= 0
        || bootstrapResamples <= 0) {
      throw new MtcException(
          "mtc.bench: max-test-per-task and memory-texts must be 0 or more, child-timeout, "
              + "speed-texts, speed-batch-size, speed-rounds, seeds and bootstrap-resamples greater than 0; got "
              + this);
    }
  }

  /** The engine that scores, probes and times the models, when it is not the training engine. */
  public Optional<String> inference() {
    return Optional.ofNullable(inferenceEngine);
  }

  /** Reads {@code mtc.bench.*} of merged settings. */
  public static BenchSettings from(Config settings) {
    Config b = settings.getConfig("mtc.bench");
    try {
      return new BenchSettings(
          b.getInt("max-test-per-task"),
          b.getInt("memory-texts"),
          b.getLong("child-timeout"),
          b.getStringList("child-jvm-options"),
          b.getInt("speed-texts"),
          b.getInt("speed-batch-size"),
          b.getInt("speed-rounds"),
          b.getInt("seeds"),
          b.getInt("bootstrap-resamples"),
          b.getBoolean("single-task"),
          b.getIsNull("inference-engine")
              ? Mtc.engineFor(null, settings)
              : b.getString("inference-engine"),
          Strategy.chosen(settings));
    } catch (ConfigException e) {
      throw new MtcException("bad mtc.bench setting: " + e.getMessage(), e);
    }
  }
}
