package org.mtc.tf;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.FineTuning;
import org.mtc.core.Input;
import org.mtc.core.Pooling;
import org.mtc.core.TrainingPass;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.testing.TinyModelDirectory;

/**
 * TF-specific training behaviour: dropout in training passes only, and gradients through the
 * dropout masks.
 */
class TfTrainingTest {
  @TempDir Path tmp;

  @Test
  void dropoutChangesTrainingPassesAndTrainingStillDescends() {
    Path dir = TinyModelDirectory.create(tmp.resolve("bert"), "bert", 12);
    List<String> texts = List.of("a good movie", "hello world", "the weather was bad");
    float[][] g = TfTestSpecs.upstream(texts.size(), 32, 1);
    BackboneSpec spec =
        new BackboneSpec(
            dir,
            "tf",
            Pooling.MEAN,
            32,
            FineTuning.FULL,
            TfTestSpecs.ADAM,
            0.1,
            7,
            ConfigFactory.empty());
    try (TfBackbone b = new TfBackboneFactory().open(spec)) {
      float[][] inference = b.encode(Input.ofTexts(texts));
      assertThat(b.encode(Input.ofTexts(texts)))
          .isDeepEqualTo(inference); // inference is deterministic
      double before = loss(inference, g);
      try (TrainingPass pass = b.forwardForTraining(Input.ofTexts(texts))) {
        assertThat(TfTestSpecs.maxAbs(pass.pooled()[0], inference[0])).isGreaterThan(1e-3);
        pass.backward(g);
      }
      b.applyGradients(1e-3);
      for (int i = 0; i < 4; i++) {
        try (TrainingPass pass = b.forwardForTraining(Input.ofTexts(texts))) {
          pass.backward(g);
        }
        b.applyGradients(1e-3);
      }
      assertThat(loss(b.encode(Input.ofTexts(texts)), g)).isLessThan(before - 0.5);
    }
  }

  private static double loss(float[][] pooled, float[][] g) {
    double sum = 0;
    for (int i = 0; i < pooled.length; i++) {
      for (int j = 0; j < pooled[i].length; j++) {
        sum += pooled[i][j] * g[i][j];
      }
    }
    return sum;
  }
}
