package org.mtc.heads;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import org.mtc.core.MtcException;
import org.mtc.core.settings.Settings;

/**
 * How new task heads are built ({@code mtc.heads} in HOCON; defaults in this module's {@code
 * reference.conf}). Immutable and thread-safe.
 *
 * @param pooler whether a dense {@code [hidden, hidden]} + tanh layer precedes the classifier
 * @param dropout dropout probability before the classifier in training, in {@code [0, 1)}
 * @param initStd standard deviation of the normal weight initialisation, {@code > 0}
 * @param multiLabelPriorBias whether a new multi-label head's output biases start at the log-odds
 *     of each label's frequency in the training data ({@link DenseHead#startFromLabelPriors})
 *     instead of 0
 */
public record HeadSettings(
    boolean pooler, double dropout, double initStd, boolean multiLabelPriorBias) {
  /** The reference defaults: pooler, dropout 0.1, init-std 0.02, multi-label prior bias. */
  public static final HeadSettings DEFAULTS = new HeadSettings(true, 0.1, 0.02, true);

  private static final String PATH = "mtc.heads";

  public HeadSettings {
    if (!(dropout >= 0 && dropout < 1)) {
      throw new MtcException(
          PATH + ".dropout = " + dropout + " is outside [0, 1); use e.g. 0.1, or 0 to disable");
    }
    if (!(initStd > 0) || Double.isInfinite(initStd)) {
      throw new MtcException(
          PATH + ".init-std = " + initStd + " must be a positive number such as 0.02");
    }
  }

  /**
   * Reads {@code mtc.heads} from settings merged over the references (see {@code Settings.load}).
   */
  public static HeadSettings from(Config mergedSettings) {
    String key = PATH;
    try {
      Config c = mergedSettings.getConfig(PATH);
      key = PATH + ".pooler";
      boolean pooler = c.getBoolean("pooler");
      key = PATH + ".dropout";
      double dropout = c.getDouble("dropout");
      key = PATH + ".init-std";
      double initStd = c.getDouble("init-std");
      key = PATH + ".multi-label-prior-bias";
      boolean priorBias = c.getBoolean("multi-label-prior-bias");
      key = PATH + (dropout >= 0 && dropout < 1 ? ".init-std" : ".dropout");
      return new HeadSettings(pooler, dropout, initStd, priorBias);
    } catch (ConfigException e) {
      throw new MtcException(
          Settings.where(mergedSettings, key)
              + ": "
              + e.getMessage()
              + " (mtc.heads takes pooler = true|false, dropout = 0.1, init-std = 0.02, "
              + "multi-label-prior-bias = true|false)",
          e);
    } catch (MtcException e) {
      // the constructor names the key; add where it was set
      throw new MtcException(
          Settings.where(mergedSettings.getValue(key).origin()) + ": " + e.getMessage(), e);
    }
  }
}
