package org.mtc.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.Input;
import org.mtc.core.Pooling;
import org.mtc.core.StepOutcome;
import org.mtc.core.TrainingPass;
import org.mtc.core.testing.TinyModelDirectory;

/**
 * Every array a recorded forward leaves for backward (the attention scale and GELU constants, the
 * ids, the mask of mean pooling) outlives that backward. DJL's PyTorch arrays made from Java data
 * alias a direct buffer that only the Java array keeps alive; when one was closed before backward,
 * a garbage collection in between freed the memory backward read, so gradients came out wrong,
 * sometimes infinite or NaN (skipped steps in training).
 */
class DjlGradientLifetimeTest {
  private static final List<Input> INPUTS =
      Input.ofTexts(
          List.of("a good movie", "the weather was bad today", "hello world", "what a day"));
  @TempDir Path tmp;

  @Test
  void aGarbageCollectionBetweenForwardAndBackwardChangesNoGradient() throws InterruptedException {
    // bert with exact GELU, distilbert with the tanh GELU and its constants; both mean-pooled (the
    // mask)
    for (String type : List.of("bert", "distilbert")) {
      String act = type.equals("bert") ? "gelu" : "gelu_new";
      Path dir = TinyModelDirectory.create(tmp.resolve(type), type, 32, 2, 4, 64, 64, act, 3);
      float[][] undisturbed = trainedOutputs(dir, false);
      float[][] collected = trainedOutputs(dir, true);
      assertThat(collected).as(type).isDeepEqualTo(undisturbed);
    }
  }

  /**
   * Pooled outputs after two AdamW steps, optionally with garbage collections between forward and
   * backward.
   */
  private static float[][] trainedOutputs(Path dir, boolean collectGarbage)
      throws InterruptedException {
    try (DjlBackbone backbone = TestSpecs.open(dir, Pooling.MEAN)) {
      for (int step = 0; step < 2; step++) {
        try (TrainingPass pass = backbone.forwardForTraining(INPUTS)) {
          if (collectGarbage) {
            collectGarbage();
          }
          pass.backward(upstream(INPUTS.size(), step));
        }
        StepOutcome outcome = backbone.applyGradients(1e-2);
        assertThat(outcome.skipped()).as(outcome.reason()).isFalse();
      }
      return backbone.encode(INPUTS);
    }
  }

  /**
   * Collects unreachable buffers and gives the JDK's cleaner thread time to free their native
   * memory.
   */
  private static void collectGarbage() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
  }

  private static float[][] upstream(int rows, long seed) {
    Random random = new Random(seed);
    float[][] g = new float[rows][32];
    for (float[] row : g) {
      for (int j = 0; j < row.length; j++) {
        row[j] = (float) random.nextGaussian();
      }
    }
    return g;
  }
}
