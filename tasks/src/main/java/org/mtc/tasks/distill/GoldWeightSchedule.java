package org.mtc.tasks.distill;

import java.util.Arrays;
import java.util.Locale;
import org.mtc.core.MtcException;

/**
 * How the gold label's weight λ moves over a distilled run ({@code mtc.train.distill.schedule}):
 * the student trains towards λ · gold + (1 − λ) · teacher.
 */
public enum GoldWeightSchedule {
  /** λ = {@code mtc.train.distill.gold-weight} at every step. */
  CONSTANT,
  /**
   * Teacher annealing (Clark et al., 2019): λ = step / total steps, from nearly 0 (all teacher) at
   * the first step to 1 (all gold) at the last.
   */
  ANNEAL;

  /**
   * λ at the 1-based {@code step} of {@code totalSteps}.
   *
   * @param constant λ of {@link #CONSTANT}
   */
  public double goldWeight(long step, long totalSteps, double constant) {
    return this == CONSTANT ? constant : Math.min(1.0, (double) step / Math.max(1, totalSteps));
  }

  /** The spelling in settings: {@code constant}, {@code anneal}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code value}; {@code where} (file:line and key) starts the error message.
   *
   * @throws MtcException naming the value and the choices
   */
  public static GoldWeightSchedule parse(String value, String where) {
    for (GoldWeightSchedule s : values()) {
      if (s.configName().equals(value)) {
        return s;
      }
    }
    throw new MtcException(
        where
            + ": unknown distillation schedule '"
            + value
            + "'; choose one of "
            + Arrays.stream(values()).map(GoldWeightSchedule::configName).toList());
  }
}
