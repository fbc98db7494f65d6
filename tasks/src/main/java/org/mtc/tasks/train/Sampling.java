package org.mtc.tasks.train;

import java.util.List;
import org.mtc.core.MtcException;
import org.mtc.core.settings.DidYouMean;

/** How the trainer picks the task of the next batch ({@code mtc.train.sampling}). */
public enum Sampling {
  /** Probability proportional to the number of training examples. */
  PROPORTIONAL("proportional"),
  /** Every task equally often. */
  UNIFORM("uniform"),
  /** {@code p ~ n^alpha}, alpha falling from 1 to 0.2 over the epochs (Stickland and Murray 2019). */
  ANNEALED("annealed"),
  /** {@code p ~ n^(1/T)} with the configured temperature T. */
  TEMPERATURE("temperature");

  private final String configName;

  Sampling(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static Sampling parse(String value, String where) {
    for (Sampling s : values()) {
      if (s.configName.equals(value)) {
        return s;
      }
    }
    List<String> names = java.util.Arrays.stream(values()).map(Sampling::configName).toList();
    throw new MtcException(where + ": unknown sampling '" + value + "'" + DidYouMean.suggest(value, names)
        + "; use one of " + String.join(", ", names));
  }
}
