package org.mtc.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.MtcException;

class EncoderConfigTest {
  @Test
  void constructsAndRoundTripsThroughConfigJson(@TempDir Path dir) throws Exception {
    EncoderConfig c = new EncoderConfig("bert", 30522, 384, 6, 12, 1536, 512, 2, 1e-12, "gelu");
    assertThat(c.tanhGelu()).isFalse();
    Files.writeString(dir.resolve("config.json"), c.toJson());
    assertThat(EncoderConfig.read(dir.resolve("config.json"))).isEqualTo(c);
    assertThat(new EncoderConfig("bert", 10, 8, 1, 2, 16, 32, 2, 1e-12, "gelu_new").tanhGelu()).isTrue();
  }

  @Test
  void refusesAnUnknownActivation() {
    assertThatThrownBy(() -> new EncoderConfig("bert", 10, 8, 1, 2, 16, 32, 2, 1e-12, "relu"))
        .isInstanceOf(MtcException.class).hasMessageContaining("hidden_act 'relu'");
  }
}
