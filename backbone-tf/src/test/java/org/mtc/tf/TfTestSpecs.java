package org.mtc.tf;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import org.mtc.core.AdamWSettings;
import org.mtc.core.FineTuning;
import org.mtc.core.Pooling;
import org.mtc.core.engine.BackboneSpec;

/** Backbone specs for tests: no dropout, max length 32, DeepPavlov AdamW with weight decay 0.01. */
final class TfTestSpecs {
  static final AdamWSettings ADAM = new AdamWSettings(0.9, 0.99, 1e-6, 0.01, 1.0);

  private TfTestSpecs() {
  }

  static BackboneSpec spec(Path dir, String engine, Pooling pooling) {
    return new BackboneSpec(dir, engine, pooling, 32, FineTuning.FULL, ADAM, 0.0, 42, ConfigFactory.empty());
  }

  static TfBackbone open(Path dir, Pooling pooling) {
    return new TfBackboneFactory().open(spec(dir, "tf", pooling));
  }
}
