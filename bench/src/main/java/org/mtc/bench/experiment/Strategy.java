package org.mtc.bench.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.core.settings.Settings;

/**
 * One way of training the multitask model that the bench compares ({@code mtc.bench.strategies},
 * {@code bench --strategies}): each trains its own multitask model with the run's data, budget and
 * seed, and is compared with the single-task models and with the {@value #BASELINE} multitask
 * model. Built in: {@value #BASELINE} (the run's settings as they are), {@value #DISTILL}
 * (distilled from the bench's own single-task models of the same seed, {@code mtc.train.distill} as
 * set), {@value #UNCERTAINTY} ({@code mtc.train.task-weighting = uncertainty}) and {@code
 * distill-uncertainty} (both); more are declared under {@code mtc.bench.strategy}. Immutable.
 *
 * @param name the strategy's name
 * @param distill whether it distils from the single-task models (they are its teachers)
 * @param settings training settings over the run's (may be empty)
 */
public record Strategy(String name, boolean distill, Config settings) {
  public static final String BASELINE = "baseline";
  public static final String DISTILL = "distill";
  public static final String UNCERTAINTY = "uncertainty";

  /** The built-in strategies, by name. */
  static Map<String, Strategy> builtIn() {
    Map<String, Strategy> out = new LinkedHashMap<>();
    out.put(BASELINE, new Strategy(BASELINE, false, ConfigFactory.empty()));
    out.put(DISTILL, new Strategy(DISTILL, true, ConfigFactory.empty()));
    Config weighted = ConfigFactory.parseString("mtc.train.task-weighting = uncertainty");
    out.put(UNCERTAINTY, new Strategy(UNCERTAINTY, false, weighted));
    out.put(DISTILL + "-" + UNCERTAINTY, new Strategy(DISTILL + "-" + UNCERTAINTY, true, weighted));
    return out;
  }

  /** Whether this is the {@value #BASELINE} strategy, whose model is the run's multitask model. */
  public boolean baseline() {
    return name.equals(BASELINE);
  }

  /** The training directory of its model in a seed's directory. */
  public String directory() {
    return baseline() ? Experiment.MULTITASK : Experiment.MULTITASK + "-" + name;
  }

  /** Its configuration in the report ({@code multitask}, {@code multitask distill}). */
  public String configuration() {
    return baseline() ? Experiment.MULTITASK : Experiment.MULTITASK + " " + name;
  }

  /** The run's settings with this strategy's over them. */
  public Config over(Config run) {
    return settings.withFallback(run);
  }

  /**
   * The strategies {@code mtc.bench.strategies} chooses, {@value #BASELINE} first (added when not
   * named): built-in ones and those declared under {@code mtc.bench.strategy}, each as {@code NAME
   * { distill = true|false, settings { ... } }}.
   *
   * @throws MtcException naming an unknown strategy (with the choices), or a declared one with an
   *     unknown setting
   */
  static List<Strategy> chosen(Config settings) {
    Map<String, Strategy> known = builtIn();
    known.putAll(declared(settings));
    List<Strategy> out = new ArrayList<>(List.of(known.get(BASELINE)));
    String path = "mtc.bench.strategies";
    for (String name : settings.getStringList(path)) {
      Strategy s = known.get(name);
      if (s == null) {
        throw new MtcException(
            Settings.where(settings, path)
                + ": unknown strategy '"
                + name
                + "'; choose from "
                + known.keySet()
                + " or declare it under mtc.bench.strategy");
      }
      if (out.stream().noneMatch(o -> o.name().equals(name))) {
        out.add(s);
      }
    }
    return List.copyOf(out);
  }

  private static Map<String, Strategy> declared(Config settings) {
    Map<String, Strategy> out = new LinkedHashMap<>();
    Config declared = settings.getConfig("mtc.bench.strategy");
    for (String name : declared.root().keySet()) {
      Config d = declared.getConfig(ConfigUtil.quoteString(name));
      try {
        Config own = d.hasPath("settings") ? d.getConfig("settings") : ConfigFactory.empty();
        for (Map.Entry<String, ConfigValue> e : own.entrySet()) {
          if (!settings.hasPathOrNull(e.getKey())) {
            throw new MtcException(
                Settings.where(e.getValue().origin())
                    + ": strategy '"
                    + name
                    + "' sets '"
                    + e.getKey()
                    + "', which is not an mtc setting");
          }
        }
        out.put(name, new Strategy(name, d.hasPath("distill") && d.getBoolean("distill"), own));
      } catch (ConfigException e) {
        throw new MtcException("strategy '" + name + "': " + e.getMessage(), e);
      }
    }
    return out;
  }
}
