package org.mtc.tasks.train;

import com.typesafe.config.Config;
import org.mtc.core.MtcException;
import org.mtc.core.settings.Settings;

/**
 * How tasks are weighted ({@code mtc.train.task-weighting}) and, for {@link
 * TaskWeighting#UNCERTAINTY}, how fast the weights are learned ({@code
 * mtc.train.task-weighting-rate}). Immutable.
 *
 * @param method none (today's training, no weights) or uncertainty
 * @param rate the plain SGD rate of the learned log variances ({@link TaskUncertainties}); in
 *     {@code (0, 1]}
 */
public record TaskWeightingSettings(TaskWeighting method, double rate) {
  static final String METHOD = "mtc.train.task-weighting";
  static final String RATE = "mtc.train.task-weighting-rate";

  public TaskWeightingSettings {
    if (method == null) {
      throw new MtcException(METHOD + " must be set (none or uncertainty)");
    }
    if (!(rate > 0 && rate <= 1)) {
      throw new MtcException(RATE + " must be greater than 0 and at most 1, got " + rate);
    }
  }

  /** Reads and checks both keys; an error names the key, its file and line and the value. */
  static TaskWeightingSettings from(Config settings) {
    TaskWeighting method =
        TaskWeighting.parse(settings.getString(METHOD), Settings.where(settings, METHOD));
    double rate = settings.getDouble(RATE);
    if (!(rate > 0 && rate <= 1)) {
      throw new MtcException(
          Settings.where(settings, RATE)
              + ": must be greater than 0 and at most 1, got "
              + settings.getValue(RATE).unwrapped());
    }
    return new TaskWeightingSettings(method, rate);
  }

  /** Whether the tasks' losses are weighted at all (not {@link TaskWeighting#NONE}). */
  boolean weighted() {
    return method != TaskWeighting.NONE;
  }
}
