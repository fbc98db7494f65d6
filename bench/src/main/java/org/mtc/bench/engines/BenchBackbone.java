package org.mtc.bench.engines;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.settings.Settings;

/**
 * The backbone a bench of {@code mtc bench engines} opens: the default settings with the engine,
 * max-length and trainable layers it measures. Stateless.
 */
final class BenchBackbone {
  private BenchBackbone() {}

  /**
   * The default settings with {@code engine}, {@code length} tokens and {@code trainableLayers}
   * ({@code all} or {@code frozen}) under {@code mtc.backbone}, and the HOCON {@code extra}.
   */
  static Config settings(String engine, int length, String trainableLayers, String extra) {
    return Settings.load(
        List.of(),
        ConfigFactory.parseString(
            "mtc.backbone { engine = "
                + engine
                + ", max-length = "
                + length
                + ", trainable-layers = "
                + trainableLayers
                + " }\n"
                + extra));
  }

  /** The spec of {@code backbone} with {@link #settings}. */
  static BackboneSpec spec(
      Path backbone, String engine, int length, String trainableLayers, String extra) {
    return BackboneSpec.from(settings(engine, length, trainableLayers, extra), backbone);
  }
}
