package org.mtc.library;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mtc.core.MtcException;
import org.mtc.core.settings.Settings;

/**
 * How {@link Mtc#open} opens a model: the engine, the batch size and any {@code mtc.*} setting.
 * Immutable; every method returns a copy. Settings come, highest first, from {@link #set}, {@link
 * #engine}, the {@link #config} given, else Typesafe Config's {@code ConfigFactory.load()} (so
 * {@code application.conf} and {@code -Dmtc.*} system properties apply), then every module's {@code
 * reference.conf}. A caller that has merged its settings already (the command line, the server)
 * passes them with {@link #settings} instead, and they are used as they are. The encoder is always
 * opened frozen: a classifier only predicts.
 */
public final class MtcOptions {
  /**
   * System properties in the {@code mtc.} namespace that the launcher and the build set, not
   * settings.
   */
  private static final List<String> NOT_SETTINGS =
      List.of("mtc.home", "mtc.data.dir", "mtc.measure");

  private static final String ENGINE = "mtc.backbone.engine";

  /** Keys of core's reference.conf that opening a model reads: merged settings have them all. */
  private static final List<String> MERGED_HAS =
      List.of(
          "mtc.seed",
          ENGINE,
          "mtc.backbone.pooling",
          "mtc.backbone.max-length",
          "mtc.backbone.dropout",
          "mtc.train.optimizer");

  private final Map<String, Object> values;
  private final Optional<Config> config;

  /**
   * Whether {@link #config} holds settings merged over the references ({@link #settings}), not a
   * user layer.
   */
  private final boolean merged;

  private final int batchSize;

  private MtcOptions(
      Map<String, Object> values, Optional<Config> config, boolean merged, int batchSize) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.config = config;
    this.merged = merged;
    this.batchSize = batchSize;
  }

  /** The defaults: the settings' engine ({@code djl} unless configured), batches of 32. */
  public static MtcOptions defaults() {
    return new MtcOptions(Map.of(), Optional.empty(), false, 32);
  }

  /**
   * Runs the encoder on {@code engine}: {@code djl}, {@code onnx} or {@code tf} (its module on the
   * class path).
   */
  public MtcOptions engine(String engine) {
    if (engine == null) {
      throw new MtcException("MtcOptions.engine: the engine is null; pass djl, onnx or tf");
    }
    return set(ENGINE, engine);
  }

  /** Texts per encoder pass. */
  public MtcOptions batchSize(int n) {
    if (n <= 0) {
      throw new MtcException("batch size must be positive, got " + n);
    }
    return new MtcOptions(values, config, merged, n);
  }

  /**
   * Settings to use instead of {@code ConfigFactory.load()} (only its {@code mtc} section is read),
   * merged over every module's {@code reference.conf} when the model opens. Replaces {@link
   * #settings} given before.
   */
  public MtcOptions config(Config settings) {
    if (settings == null) {
      throw new MtcException(
          "MtcOptions.config: the settings are null; pass ConfigFactory.empty() for none");
    }
    return new MtcOptions(values, Optional.of(settings), false, batchSize);
  }

  /**
   * Settings already merged over every module's {@code reference.conf} and checked, as {@code
   * Settings.load} and {@code SettingsLayers.load} (org.mtc.core.settings) return them: used as
   * they are, with no {@code ConfigFactory.load()} and no second merge; {@link #set} and {@link
   * #engine} still win over them. Replaces {@link #config} given before.
   *
   * @throws MtcException when {@code merged} is null or lacks the references' keys (then pass it to
   *     {@link #config} instead)
   */
  public MtcOptions settings(Config merged) {
    if (merged == null) {
      throw new MtcException(
          "MtcOptions.settings: the settings are null; pass what Settings.load returned");
    }
    for (String key : MERGED_HAS) {
      if (!merged.hasPathOrNull(key)) {
        throw new MtcException(
            "MtcOptions.settings: these settings are not merged over the references ("
                + key
                + " is missing); pass what Settings.load or SettingsLayers.load returned, or pass your own keys to "
                + "MtcOptions.config");
      }
    }
    return new MtcOptions(values, Optional.of(merged), true, batchSize);
  }

  /**
   * One setting, e.g. {@code set("mtc.backbone.djl.threads", 2)}; unknown keys fail when the model
   * opens.
   */
  public MtcOptions set(String key, Object value) {
    if (key == null) {
      throw new MtcException(
          "MtcOptions.set: the key is null; name a setting, e.g. mtc.backbone.engine");
    }
    Map<String, Object> v = new LinkedHashMap<>(values);
    v.put(key, value);
    return new MtcOptions(v, config, merged, batchSize);
  }

  int batchSize() {
    return batchSize;
  }

  /** The engine asked for with {@link #engine} (or {@link #set}), if any. */
  Optional<String> engine() {
    return Optional.ofNullable(values.get(ENGINE)).map(Object::toString);
  }

  /**
   * The settings to open the model with: {@link #set} and {@link #engine} over the {@link
   * #settings} given, or over the user's layer merged over the references, every user key checked.
   */
  Config merged() {
    Config over = ConfigFactory.parseMap(values, "MtcOptions");
    if (merged) {
      return Settings.over(config.orElseThrow(), over);
    }
    return Settings.load(List.of(), over.withFallback(userLayer()));
  }

  /**
   * The user's layer of settings: the {@link #config} given, else {@code ConfigFactory.load()},
   * without defaults.
   */
  private Config userLayer() {
    Config base =
        config.orElseGet(
            () -> {
              Config loaded = ConfigFactory.load();
              for (String key : NOT_SETTINGS) {
                loaded = loaded.withoutPath(key);
              }
              return loaded;
            });
    Config mtc = base.hasPath("mtc") ? base.getConfig("mtc").atPath("mtc") : ConfigFactory.empty();
    return onlyUserKeys(mtc);
  }

  /**
   * Drops what {@code ConfigFactory.load()} took from the modules' own reference.conf files (the
   * defaults).
   */
  private static Config onlyUserKeys(Config mtc) {
    Config reference = Settings.reference();
    Config out = ConfigFactory.empty();
    for (var e : mtc.entrySet()) {
      String key = e.getKey();
      boolean fromReference =
          reference.hasPath(key) && reference.getValue(key).equals(e.getValue());
      if (!fromReference) {
        out = out.withValue(key, e.getValue());
      }
    }
    return out;
  }
}
