package org.mtc.parity;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import org.mtc.core.Backbone;
import org.mtc.core.Input;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.engine.Engines;
import org.mtc.core.settings.Settings;
import org.mtc.djl.DjlEnginePlugin;
import org.mtc.onnx.OnnxEnginePlugin;

/** Shared helpers of the cross-engine tests: the djl and onnx engines and settings for them. */
final class EngineFixtures {
  static final Engines ENGINES = Engines.of(List.of(new DjlEnginePlugin(), new OnnxEnginePlugin()));

  /** Texts of varied length, an empty one and one longer than max-length. */
  static final List<String> TEXTS =
      List.of(
          "the pizza was good",
          "football and software",
          "",
          "sad robot",
          "hello",
          "the a of and to in is it that was for on with as at by this we you they one two some many very "
              + "more most other such pizza football laptop",
          "love love love",
          "tennis");

  static final List<Input> INPUTS = Input.ofTexts(TEXTS);

  private EngineFixtures() {}

  static Config settings(String engine, String pooling, String extra) {
    return Settings.load(
        List.of(),
        ConfigFactory.parseString(
            "mtc.backbone { engine = "
                + engine
                + ", pooling = "
                + pooling
                + ", max-length = 16, trainable-layers = frozen }\n"
                + extra));
  }

  static Backbone open(String engine, Path dir, String pooling, String extra) {
    return ENGINES.open(BackboneSpec.from(settings(engine, pooling, extra), dir));
  }

  static double maxAbsDiff(float[][] a, float[][] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i].length != b[i].length) {
        return Double.POSITIVE_INFINITY;
      }
      for (int j = 0; j < a[i].length; j++) {
        max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
      }
    }
    return max;
  }
}
