package org.mtc.tf;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Random;
import org.mtc.core.AdamWSettings;
import org.mtc.core.FineTuning;
import org.mtc.core.Pooling;
import org.mtc.core.engine.BackboneSpec;

/**
 * Backbone specs for tests (no dropout, max length 32, DeepPavlov AdamW with weight decay 0.01) and
 * the gradient and difference helpers the tf tests and the cross-engine tests in parity-tests
 * share.
 */
final class TfTestSpecs {
  static final AdamWSettings ADAM = new AdamWSettings(0.9, 0.99, 1e-6, 0.01, 1.0);

  private TfTestSpecs() {}

  static BackboneSpec spec(Path dir, String engine, Pooling pooling) {
    return new BackboneSpec(
        dir, engine, pooling, 32, FineTuning.FULL, ADAM, 0.0, 42, ConfigFactory.empty());
  }

  static TfBackbone open(Path dir, Pooling pooling) {
    return new TfBackboneFactory().open(spec(dir, "tf", pooling));
  }

  /** A seeded Gaussian upstream gradient [rows, width]. */
  static float[][] upstream(int rows, int width, long seed) {
    Random r = new Random(seed);
    float[][] g = new float[rows][width];
    for (float[] row : g) {
      for (int j = 0; j < width; j++) {
        row[j] = (float) r.nextGaussian();
      }
    }
    return g;
  }

  /** Max abs difference of two vectors of the same length. */
  static double maxAbs(float[] a, float[] b) {
    assertThat(b).hasSameSizeAs(a);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
