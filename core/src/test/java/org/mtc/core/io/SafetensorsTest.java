package org.mtc.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  @TempDir Path dir;

  @Test
  void roundTripsTensorsAndLeavesNoTemporaryFiles() throws Exception {
    Path f = dir.resolve("w.safetensors");
    Map<String, FloatTensor> in =
        Map.of(
            "a.weight", FloatTensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}}),
            "a.bias", FloatTensor.of(new float[] {-1.5f, 0}));
    Safetensors.write(f, in);
    assertThat(Safetensors.read(f)).isEqualTo(in);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(f);
    }
    byte[] bytes = Files.readAllBytes(f);
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(headerLength % 8).isZero();
  }

  @Test
  void truncatedFileIsReportedNotMisread() throws Exception {
    Path f = dir.resolve("w.safetensors");
    Safetensors.write(f, Map.of("x", FloatTensor.of(new float[100])));
    byte[] bytes = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(bytes, bytes.length - 10));
    assertThatThrownBy(() -> Safetensors.read(f)).hasMessageContaining("truncated");
  }

  @Test
  void missingFileIsNamed() {
    assertThatThrownBy(() -> Safetensors.read(dir.resolve("none.safetensors")))
        .hasMessageContaining("none.safetensors");
  }

  @Test
  void nonFiniteWeightsAreRefusedOnReadAndNeverWritten() throws Exception {
    Path f = dir.resolve("w.safetensors");
    Safetensors.write(f, Map.of("a", new FloatTensor(new long[] {2}, new float[] {1f, 2f})));
    byte[] good = Files.readAllBytes(f);
    Assertions.assertThatThrownBy(
            () ->
                Safetensors.write(
                    f, Map.of("a", new FloatTensor(new long[] {2}, new float[] {1f, Float.NaN}))))
        .hasMessageContaining("tensor 'a' holds NaN")
        .hasMessageContaining("previous file");
    Assertions.assertThat(Files.readAllBytes(f)).isEqualTo(good);
    byte[] bad = good.clone();
    ByteBuffer.wrap(bad, bad.length - 4, 4)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putFloat(Float.POSITIVE_INFINITY);
    Files.write(f, bad);
    Assertions.assertThatThrownBy(() -> Safetensors.read(f))
        .hasMessageContaining("tensor 'a' holds Infinity at element 1")
        .hasMessageContaining("corrupted");
  }
}
