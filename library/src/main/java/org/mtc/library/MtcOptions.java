package org.mtc.library;


import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.mtc.core.MtcException;

/**
 * How {@link Mtc#open} opens a model: the engine, the batch size and any {@code mtc.*} setting. Immutable; every
 * method returns a copy. Settings come, highest first, from {@link #set}, {@link #engine}, the {@link #config}
 * given, else Typesafe Config's {@code ConfigFactory.load()} (so {@code application.conf} and {@code -Dmtc.*}
 * system properties apply), then every module's {@code reference.conf}. The encoder is always opened frozen:
 * a classifier only predicts.
 */
public final class MtcOptions {
  /** System properties in the {@code mtc.} namespace that the launcher and the build set, not settings. */
  private static final java.util.List<String> NOT_SETTINGS = java.util.List.of("mtc.home", "mtc.data.dir",
      "mtc.measure");
  private final Map<String, Object> values;
  private final Optional<Config> config;
  private final int batchSize;

  private MtcOptions(Map<String, Object> values, Optional<Config> config, int batchSize) {
    this.values = Map.copyOf(values);
    this.config = config;
    this.batchSize = batchSize;
  }

  /** The defaults: the settings' engine ({@code djl} unless configured), batches of 32. */
  public static MtcOptions defaults() {
    return new MtcOptions(Map.of(), Optional.empty(), 32);
  }

  /** Runs the encoder on {@code engine}: {@code djl}, {@code onnx} or {@code tf} (its module on the class path). */
  public MtcOptions engine(String engine) {
    if (engine == null) {
      throw new MtcException("MtcOptions.engine: the engine is null; pass djl, onnx or tf");
    }
    return set("mtc.backbone.engine", engine);
  }

  /** Texts per encoder pass. */
  public MtcOptions batchSize(int n) {
    if (n <= 0) {
      throw new MtcException("batch size must be positive, got " + n);
    }
    return new MtcOptions(values, config, n);
  }

  /** Settings to use instead of {@code ConfigFactory.load()} (only its {@code mtc} section is read). */
  public MtcOptions config(Config settings) {
    if (settings == null) {
      throw new MtcException("MtcOptions.config: the settings are null; pass ConfigFactory.empty() for none");
    }
    return new MtcOptions(values, Optional.of(settings), batchSize);
  }

  /** One setting, e.g. {@code set("mtc.backbone.djl.threads", 2)}; unknown keys fail when the model opens. */
  public MtcOptions set(String key, Object value) {
    if (key == null) {
      throw new MtcException("MtcOptions.set: the key is null; name a setting, e.g. mtc.backbone.engine");
    }
    Map<String, Object> v = new LinkedHashMap<>(values);
    v.put(key, value);
    return new MtcOptions(v, config, batchSize);
  }

  int batchSize() {
    return batchSize;
  }

  /** The engine asked for with {@link #engine} (or {@link #set}), if any. */
  java.util.Optional<String> engine() {
    return Optional.ofNullable(values.get("mtc.backbone.engine")).map(Object::toString);
  }

  /** The user's layer of settings (validated against the reference by {@code Settings.load}). */
  Config overrides() {
    Config base = config.orElseGet(() -> {
      Config loaded = ConfigFactory.load();
      for (String key : NOT_SETTINGS) {
        loaded = loaded.withoutPath(key);
      }
      return loaded;
    });
    Config mtc = base.hasPath("mtc") ? base.getConfig("mtc").atPath("mtc") : ConfigFactory.empty();
    Config over = ConfigFactory.parseMap(values, "MtcOptions");
    return over.withFallback(onlyUserKeys(mtc));
  }

  /** Drops what {@code ConfigFactory.load()} took from the modules' own reference.conf files (the defaults). */
  private static Config onlyUserKeys(Config mtc) {
    Config reference = org.mtc.core.settings.Settings.reference();
    Config out = ConfigFactory.empty();
    for (var e : mtc.entrySet()) {
      String key = e.getKey();
      boolean fromReference = reference.hasPath(key) && reference.getValue(key).equals(e.getValue());
      if (!fromReference) {
        out = out.withValue(key, e.getValue());
      }
    }
    return out;
  }
}
