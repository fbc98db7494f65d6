package org.mtc.tasks.train;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.time.Duration;
import org.mtc.core.AdamWSettings;
import org.mtc.core.MtcException;
import org.mtc.core.TaskKind;
import org.mtc.core.settings.Settings;
import org.mtc.heads.MultiLabelMetric;

/**
 * The trainer's settings, read from {@code mtc.train} (tasks module reference.conf), {@code
 * mtc.train.optimizer} (core) and {@code mtc.seed}. Immutable and thread-safe.
 *
 * <p>A new setting is a new component here and one more stage in {@link #from}: RecordBuilder
 * writes {@link TrainSettingsBuilder} at compile time, with a copy method for every component
 * ({@code withSeed(7)}, {@code with(b -> b.epochs(1).maxSteps(15))}) and the staged builder {@code
 * from} reads the settings into, which does not compile until every component has its value.
 *
 * @param learningRate encoder learning rate
 * @param headLearningRate heads' learning rate (equal to {@code learningRate} when the setting is
 *     null)
 * @param batchSize examples per batch; a batch holds one task
 * @param epochs passes over all training examples together
 * @param maxSteps total steps; 0 derives them from {@code epochs}
 * @param maxTrainPerTask cap of training examples per task; 0 keeps all
 * @param sampling how the task of each batch is chosen
 * @param temperature T of {@link Sampling#TEMPERATURE}
 * @param evalEvery steps between dev evaluations; 0 evaluates once per epoch and at the end
 * @param maxEvalPerTask cap of dev examples per task and evaluation; 0 uses all
 * @param plateauPatience evaluations without improvement before the learning rates are halved
 * @param maxLrHalvings how many times they may be halved
 * @param earlyStopPatience evaluations without improvement (since the best) before training stops
 * @param logEvery steps between train.log lines
 * @param optimizer AdamW settings shared by encoder and heads
 * @param seed seeds task sampling, shuffling and dropout
 * @param groupByLength draw each task's batches from length-sorted chunks, so a batch pads to
 *     similar lengths
 * @param maxTime wall-clock budget of the training loop; {@link java.time.Duration#ZERO} is none
 * @param checkpointEvery steps between resumable checkpoints; 0 writes one at every evaluation only
 * @param multiLabelHeadLearningRate learning rate of multi-label heads (equal to {@code
 *     headLearningRate} when the setting is null)
 * @param multiLabelMetric what multi-label thresholds are tuned for and multi-label tasks add to
 *     the mean dev score that selects the best checkpoint (single-label tasks add their accuracy)
 * @param taskWeighting how the tasks' losses are weighted in the shared encoder ({@code
 *     mtc.train.task-weighting} and its rate)
 */
@RecordBuilder
@RecordBuilder.Options(builderMode = RecordBuilder.BuilderMode.STANDARD_AND_STAGED)
public record TrainSettings(
    double learningRate,
    double headLearningRate,
    int batchSize,
    int epochs,
    long maxSteps,
    int maxTrainPerTask,
    Sampling sampling,
    double temperature,
    long evalEvery,
    int maxEvalPerTask,
    int plateauPatience,
    int maxLrHalvings,
    int earlyStopPatience,
    long logEvery,
    AdamWSettings optimizer,
    long seed,
    boolean groupByLength,
    Duration maxTime,
    long checkpointEvery,
    double multiLabelHeadLearningRate,
    MultiLabelMetric multiLabelMetric,
    TaskWeightingSettings taskWeighting)
    implements TrainSettingsBuilder.With {

  public TrainSettings {
    positive("mtc.train.learning-rate", learningRate);
    positive("mtc.train.head-learning-rate", headLearningRate);
    positive("mtc.train.multi-label-head-learning-rate", multiLabelHeadLearningRate);
    positive("mtc.train.batch-size", batchSize);
    positive("mtc.train.epochs", epochs);
    positive("mtc.train.temperature", temperature);
    positive("mtc.train.plateau-patience", plateauPatience);
    positive("mtc.train.early-stop-patience", earlyStopPatience);
    positive("mtc.train.log-every", logEvery);
    notNegative("mtc.train.max-steps", maxSteps);
    notNegative("mtc.train.max-train-per-task", maxTrainPerTask);
    notNegative("mtc.train.eval-every", evalEvery);
    notNegative("mtc.train.max-eval-per-task", maxEvalPerTask);
    notNegative("mtc.train.max-lr-halvings", maxLrHalvings);
    notNegative("mtc.train.checkpoint-every", checkpointEvery);
    if (multiLabelMetric == null) {
      throw new MtcException(
          "mtc.train.multi-label-metric must be set (micro-f1, macro-f1 or exact-match)");
    }
    if (taskWeighting == null) {
      throw new MtcException("mtc.train.task-weighting must be set (none or uncertainty)");
    }
    if (maxTime.isNegative()) {
      throw new MtcException(
          "mtc.train.max-time must be 0 (no limit) or a positive duration, got " + maxTime);
    }
  }

  /** Reads merged settings (every module's reference.conf under the user's files). */
  public static TrainSettings from(Config settings) {
    try {
      double lr = number(settings, "learning-rate", false);
      double headLr =
          settings.getIsNull("mtc.train.head-learning-rate")
              ? lr
              : number(settings, "head-learning-rate", false);
      return TrainSettingsBuilder.stagedBuilder()
          .learningRate(lr)
          .headLearningRate(headLr)
          .batchSize((int) whole(settings, "batch-size", false))
          .epochs((int) whole(settings, "epochs", false))
          .maxSteps(whole(settings, "max-steps", true))
          .maxTrainPerTask((int) whole(settings, "max-train-per-task", true))
          .sampling(
              Sampling.parse(
                  settings.getString("mtc.train.sampling"),
                  Settings.where(settings, "mtc.train.sampling")))
          .temperature(number(settings, "temperature", false))
          .evalEvery(whole(settings, "eval-every", true))
          .maxEvalPerTask((int) whole(settings, "max-eval-per-task", true))
          .plateauPatience((int) whole(settings, "plateau-patience", false))
          .maxLrHalvings((int) whole(settings, "max-lr-halvings", true))
          .earlyStopPatience((int) whole(settings, "early-stop-patience", false))
          .logEvery(whole(settings, "log-every", false))
          .optimizer(AdamWSettings.from(settings.getConfig("mtc.train.optimizer")))
          .seed(settings.getLong("mtc.seed"))
          .groupByLength(settings.getBoolean("mtc.train.group-by-length"))
          .maxTime(maxTime(settings))
          .checkpointEvery(whole(settings, "checkpoint-every", true))
          .multiLabelHeadLearningRate(
              settings.getIsNull("mtc.train.multi-label-head-learning-rate")
                  ? headLr
                  : number(settings, "multi-label-head-learning-rate", false))
          .multiLabelMetric(multiLabelMetric(settings))
          .taskWeighting(TaskWeightingSettings.from(settings))
          .build();
    } catch (ConfigException e) {
      throw new MtcException("bad trainer setting: " + e.getMessage(), e);
    }
  }

  private static MultiLabelMetric multiLabelMetric(Config settings) {
    String path = "mtc.train.multi-label-metric";
    return MultiLabelMetric.parse(settings.getString(path), path, Settings.where(settings, path));
  }

  private static Duration maxTime(Config settings) {
    String path = "mtc.train.max-time";
    try {
      return settings.getDuration(path);
    } catch (ConfigException.BadValue | ConfigException.WrongType e) {
      throw new MtcException(
          Settings.where(settings, path)
              + ": max-time = "
              + settings.getValue(path).render()
              + " is not a duration; write a number with a unit, such as 40m, 90s or 2h (0 means no limit)",
          e);
    }
  }

  private static double number(Config settings, String key, boolean zeroAllowed) {
    String path = "mtc.train." + key;
    double v = settings.getDouble(path);
    if (zeroAllowed ? v < 0 : !(v > 0)) {
      throw new MtcException(
          Settings.where(settings, path)
              + ": must be "
              + (zeroAllowed ? "0 or more" : "greater than 0")
              + ", got "
              + settings.getValue(path).unwrapped());
    }
    return v;
  }

  private static long whole(Config settings, String key, boolean zeroAllowed) {
    double v = number(settings, key, zeroAllowed);
    if (v != Math.rint(v) || v > Integer.MAX_VALUE) {
      String path = "mtc.train." + key;
      throw new MtcException(
          Settings.where(settings, path)
              + ": must be a whole number, got "
              + settings.getValue(path).unwrapped());
    }
    return (long) v;
  }

  /**
   * The learning rate of a head of {@code kind} before plateau halvings ({@link
   * TaskKind#learnsAtMultiLabelRate}).
   */
  public double headLearningRate(TaskKind kind) {
    return kind.learnsAtMultiLabelRate() ? multiLabelHeadLearningRate : headLearningRate;
  }

  /**
   * A copy with other learning rates (CLI flags, tests); {@code heads} applies to heads of both
   * kinds.
   */
  public TrainSettings withLearningRates(double encoder, double heads) {
    return with(
        b -> b.learningRate(encoder).headLearningRate(heads).multiLabelHeadLearningRate(heads));
  }

  /** A copy with another step budget: {@code epochs} and {@code maxSteps} (0 = from epochs). */
  public TrainSettings withSteps(int epochs, long maxSteps) {
    return with(b -> b.epochs(epochs).maxSteps(maxSteps));
  }

  private static void positive(String key, double value) {
    if (!(value > 0)) {
      throw new MtcException(key + " must be greater than 0, got " + value);
    }
  }

  private static void notNegative(String key, double value) {
    if (value < 0) {
      throw new MtcException(key + " must be 0 or more, got " + value);
    }
  }
}
