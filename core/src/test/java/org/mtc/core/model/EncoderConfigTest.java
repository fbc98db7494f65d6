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
    assertThat(new EncoderConfig("bert", 10, 8, 1, 2, 16, 32, 2, 1e-12, "gelu_new").tanhGelu())
        .isTrue();
  }

  @Test
  void distilbertIsWrittenAndReadWithItsOwnKeyNames(@TempDir Path dir) throws Exception {
    EncoderConfig c =
        new EncoderConfig("distilbert", 30522, 768, 6, 12, 3072, 512, 0, 1e-12, "gelu");
    String json = c.toJson();
    assertThat(json)
        .contains(
            "\"dim\"",
            "\"n_layers\"",
            "\"n_heads\"",
            "\"hidden_dim\"",
            "\"activation\"",
            "DistilBertModel",
            "sinusoidal_pos_embds")
        .doesNotContain("hidden_size", "type_vocab_size");
    Files.writeString(dir.resolve("config.json"), json);
    assertThat(EncoderConfig.read(dir.resolve("config.json"))).isEqualTo(c);
    Files.writeString(
        dir.resolve("config.json"),
        "{\"model_type\": \"distilbert\", \"vocab_size\": 10, "
            + "\"hidden_size\": 8, \"num_hidden_layers\": 1, \"num_attention_heads\": 2, \"intermediate_size\": 16, "
            + "\"max_position_embeddings\": 32, \"hidden_act\": \"gelu_new\"}");
    assertThat(EncoderConfig.read(dir.resolve("config.json")))
        .isEqualTo(new EncoderConfig("distilbert", 10, 8, 1, 2, 16, 32, 0, 1e-12, "gelu_new"));
  }

  @Test
  void refusesAnUnknownActivation() {
    assertThatThrownBy(() -> new EncoderConfig("bert", 10, 8, 1, 2, 16, 32, 2, 1e-12, "relu"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("hidden_act 'relu'");
  }
}
