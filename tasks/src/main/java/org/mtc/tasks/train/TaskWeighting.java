package org.mtc.tasks.train;

import org.mtc.core.settings.ConfigEnum;

/**
 * How the tasks' losses are weighted against each other in the shared encoder ({@code
 * mtc.train.task-weighting}, spelled {@link #configName()}).
 */
public enum TaskWeighting implements ConfigEnum {
  /** Every task's loss counts as it is (the gold-label loss, unweighted). */
  NONE,
  /**
   * Learned homoscedastic uncertainty weights (Kendall, Gal and Cipolla 2018): {@link
   * UncertaintyWeighting}.
   */
  UNCERTAINTY;

  /**
   * Parses {@code mtc.train.task-weighting}; {@code where} (file:line) starts the error message.
   */
  public static TaskWeighting parse(String value, String where) {
    return ConfigEnum.parse(
        TaskWeighting.class, value, where + ": unknown task weighting '" + value + "'");
  }
}
