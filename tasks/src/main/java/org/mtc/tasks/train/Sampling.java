package org.mtc.tasks.train;

import org.mtc.core.settings.ConfigEnum;

/**
 * How the trainer picks the task of the next batch ({@code mtc.train.sampling}, spelled {@link
 * #configName()}).
 */
public enum Sampling implements ConfigEnum {
  /** Probability proportional to the number of training examples. */
  PROPORTIONAL,
  /** Every task equally often. */
  UNIFORM,
  /**
   * {@code p ~ n^alpha}, alpha falling from 1 to 0.2 over the epochs (Stickland and Murray 2019).
   */
  ANNEALED,
  /** {@code p ~ n^(1/T)} with the configured temperature T. */
  TEMPERATURE;

  /** Parses {@code mtc.train.sampling}; {@code where} (file:line) starts the error message. */
  public static Sampling parse(String value, String where) {
    return ConfigEnum.parse(Sampling.class, value, where + ": unknown sampling '" + value + "'");
  }
}
