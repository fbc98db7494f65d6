package org.mtc.djl;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import org.mtc.core.AdamWSettings;
import org.mtc.core.FineTuning;
import org.mtc.core.Pooling;
import org.mtc.core.engine.BackboneSpec;

/**
 * Backbone specs for tests: no dropout unless asked, max length 32, DeepPavlov AdamW without weight
 * decay.
 */
final class TestSpecs {
  static final AdamWSettings ADAM = new AdamWSettings(0.9, 0.99, 1e-6, 0.0, 1.0);

  private TestSpecs() {}

  static BackboneSpec spec(Path dir, Pooling pooling) {
    return new BackboneSpec(
        dir, "djl", pooling, 32, FineTuning.FULL, ADAM, 0.0, 42, ConfigFactory.empty());
  }

  static DjlBackbone open(Path dir, Pooling pooling) {
    return new DjlBackboneFactory().open(spec(dir, pooling));
  }

  static DjlBackbone open(BackboneSpec spec) {
    return new DjlBackboneFactory().open(spec);
  }
}
