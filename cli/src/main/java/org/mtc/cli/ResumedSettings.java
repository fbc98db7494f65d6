package org.mtc.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mtc.core.MtcException;
import org.mtc.core.settings.Settings;

/**
 * The settings of a resumed run: those the run recorded ({@code settings.conf}), with the settings given on the
 * resuming command line checked against them. A resumed run must continue the same computation, so a given
 * setting that differs from the recorded one is an error naming the setting and both values; only settings that
 * do not change the result ({@link #MAY_CHANGE}: the time budget, logging, thread counts, folders) may differ and
 * then apply. Stateless.
 */
final class ResumedSettings {
  /** Settings a resumed run may change. */
  static final Set<String> MAY_CHANGE = Set.of("mtc.train.max-time", "mtc.train.log-every",
      "mtc.train.checkpoint-every", "mtc.backbone.djl.threads", "mtc.backbone.tf.threads",
      "mtc.backbone.onnx.intra-op-threads", "mtc.backbone.onnx.inter-op-threads", "mtc.data-dir", "mtc.cache-dir",
      "mtc.backbone.directory");

  private ResumedSettings() {
  }

  /**
   * @param runSettings the run's {@code settings.conf}
   * @param given the settings given now (command-line flags, --set, --config, --tasks), without references
   */
  static Config merge(Path runSettings, Config given) {
    Config recorded = Settings.load(List.of(runSettings), com.typesafe.config.ConfigFactory.empty());
    List<String> problems = new ArrayList<>();
    Config allowed = com.typesafe.config.ConfigFactory.empty();
    for (Map.Entry<String, ConfigValue> e : given.entrySet()) {
      String key = e.getKey();
      if (MAY_CHANGE.contains(key)) {
        allowed = allowed.withValue(key, e.getValue());
        continue;
      }
      Object now = e.getValue().unwrapped();
      Object then = recorded.hasPathOrNull(key) && !recorded.getIsNull(key) ? recorded.getValue(key).unwrapped()
          : null;
      if (!same(now, then)) {
        problems.add(key + " is " + now + " now but was " + then + " in " + runSettings);
      }
    }
    if (!problems.isEmpty()) {
      throw new MtcException("cannot resume: " + String.join("; ", problems) + ". A resumed run continues the "
          + "same training, so give no setting or give the run's own; to train with other settings, start a new "
          + "run (another --out, or --overwrite)");
    }
    return allowed.withFallback(recorded).resolve();
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    return java.util.Objects.equals(a, b);
  }
}
