package org.mtc.onnx.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mtc.core.MtcException;
import org.mtc.core.io.FloatTensor;

/**
 * Per-output-channel int8 weights: the round trip stays within half a scale step, each column's
 * largest magnitude maps to ±127, an all-zero column survives; the scheme's name and metadata parse
 * and refuse what they do not know.
 */
class Int8WeightsTest {
  @Test
  void dequantizedWeightsAreWithinHalfAScaleStepOfTheOriginal() {
    Random r = new Random(1);
    int rows = 37;
    int cols = 11;
    float[] w = new float[rows * cols];
    for (int k = 0; k < w.length; k++) {
      w[k] = (float) (r.nextGaussian() * (1 + k % cols)); // columns of different ranges
    }
    for (int i = 0; i < rows; i++) {
      w[i * cols + 3] = 0; // an all-zero column
    }
    Int8Weights q = Int8Weights.quantize(new FloatTensor(new long[] {rows, cols}, w));
    assertThat(q.scales()).hasSize(cols);
    assertThat(q.scales()[3]).isEqualTo(1f);
    float[] back = q.dequantize().data();
    int[] extreme = new int[cols];
    for (int k = 0; k < w.length; k++) {
      int j = k % cols;
      assertThat(Math.abs(back[k] - w[k])).isLessThanOrEqualTo(q.scales()[j] / 2 + 1e-6f);
      extreme[j] = Math.max(extreme[j], Math.abs(q.values()[k]));
    }
    for (int j = 0; j < cols; j++) {
      assertThat(extreme[j]).as("column " + j).isEqualTo(j == 3 ? 0 : Int8Weights.MAX);
    }
  }

  @Test
  void embeddingTablesQuantizePerRow() {
    float[] t = {1f, -2f, 0.5f, 0f, 0f, 0f, 0.01f, 0.02f, -0.03f};
    Int8Weights q = Int8Weights.quantizeRows(new FloatTensor(new long[] {3, 3}, t));
    assertThat(q.scales()).containsExactly(2f / 127, 1f, 0.03f / 127);
    assertThat(q.values()).containsExactly(64, -127, 32, 0, 0, 0, 42, 85, -127);
    float[] back = q.dequantize().data();
    for (int k = 0; k < t.length; k++) {
      assertThat(Math.abs(back[k] - t[k])).isLessThanOrEqualTo(q.scales()[k / 3] / 2 + 1e-7f);
    }
  }

  @Test
  void onlyMatricesQuantize() {
    assertThatThrownBy(() -> Int8Weights.quantize(new FloatTensor(new long[] {4}, new float[4])))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("rank-2");
  }

  @Test
  void schemesParseAndUnknownOnesAreListed() {
    assertThat(Quantization.parse("int8", "--quantize")).isEqualTo(Quantization.INT8);
    assertThat(Quantization.parse("INT8", "--quantize")).isEqualTo(Quantization.INT8);
    assertThatThrownBy(() -> Quantization.parse("int4", "--quantize"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("--quantize int4 is not a quantization scheme")
        .hasMessageContaining("[int8]");
    assertThatThrownBy(() -> Quantization.parse("none", "--quantize"))
        .hasMessageContaining("[int8]");
    assertThat(Quantization.of(Map.of())).isEqualTo(Quantization.NONE);
    assertThat(Quantization.of(Map.of(Quantization.METADATA_KEY, "int8-dynamic-per-channel")))
        .isEqualTo(Quantization.INT8);
    assertThatThrownBy(() -> Quantization.of(Map.of(Quantization.METADATA_KEY, "int4-awq")))
        .hasMessageContaining("int4-awq")
        .hasMessageContaining("newer mtc");
  }
}
