package org.mtc.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mtc.core.Input;
import org.mtc.core.Pooling;
import org.mtc.core.io.Safetensors;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.core.testing.TinyModelDirectory;

/** Pins the encoder math against a plain-Java forward of the same weights (max abs diff 1e-4). */
class DjlReferenceTest {
  @TempDir Path tmp;

  @Test
  void erfOfTheReferenceIsRight() {
    assertThat(ReferenceBert.erf(0.5)).isCloseTo(0.5204998778130465, Offset.offset(1e-12));
    assertThat(ReferenceBert.erf(-1.5)).isCloseTo(-0.9661051464753108, Offset.offset(1e-12));
    assertThat(ReferenceBert.erf(3.5)).isCloseTo(0.9999992569016276, Offset.offset(1e-12));
  }

  @ParameterizedTest
  @CsvSource({"bert, gelu", "bert, gelu_new", "distilbert, gelu"})
  void hiddenStatesMatchThePlainJavaForward(String type, String act) {
    Path dir = TinyModelDirectory.create(tmp.resolve(type + act), type, 32, 2, 4, 64, 64, act, 11);
    HfBackboneDirectory md = HfBackboneDirectory.open(dir);
    ReferenceBert reference = new ReferenceBert(Safetensors.read(md.weights()), md.encoderConfig());
    List<String> texts = List.of("the quick brown fox jumps over the lazy dog!", "hello", "");
    try (DjlBackbone b = TestSpecs.open(dir, Pooling.CLS)) {
      long[][] ids = b.tokenIds(texts);
      float[][][] hidden =
          b.hiddenStates(Input.ofTexts(texts)); // padded batch: also checks the padding mask
      double maxDiff = 0;
      for (int t = 0; t < texts.size(); t++) {
        double[][] expected = reference.forward(ids[t]);
        for (int i = 0; i < ids[t].length; i++) {
          for (int j = 0; j < 32; j++) {
            maxDiff = Math.max(maxDiff, Math.abs(expected[i][j] - hidden[t][i][j]));
          }
        }
      }
      assertThat(maxDiff).isLessThanOrEqualTo(1e-4);
      assertThat(ids[2]).containsExactly(2, 3); // "" is [CLS] [SEP]
    }
  }
}
