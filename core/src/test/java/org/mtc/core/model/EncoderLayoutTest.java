package org.mtc.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.io.Safetensors;
import org.mtc.core.testing.TinyModelDirectory;

/**
 * The tensor layout every engine loads through: prefixes, missing and mis-shaped tensors, mixed
 * architectures.
 */
class EncoderLayoutTest {
  @TempDir Path dir;

  @Test
  void loadsAPrefixedCheckpointAndIgnoresExtraTensors() {
    Path m = TinyModelDirectory.create(dir.resolve("m"), "bert", 3);
    EncoderLayout layout = new EncoderLayout(EncoderConfig.read(m.resolve("config.json")));
    Map<String, FloatTensor> prefixed = new LinkedHashMap<>();
    Safetensors.read(m.resolve("model.safetensors"))
        .forEach((k, v) -> prefixed.put("bert." + k, v));
    prefixed.put("cls.predictions.bias", FloatTensor.of(new float[3]));
    Path file = dir.resolve("prefixed.safetensors");
    Safetensors.write(file, prefixed);
    assertThat(layout.load(file).keySet())
        .containsExactlyInAnyOrderElementsOf(layout.expectedShapes().keySet());
  }

  @Test
  void aMissingOrMisshapedTensorIsNamed() {
    Path m = TinyModelDirectory.create(dir.resolve("m"), "distilbert", 3);
    EncoderLayout layout = new EncoderLayout(EncoderConfig.read(m.resolve("config.json")));
    Map<String, FloatTensor> w =
        new LinkedHashMap<>(Safetensors.read(m.resolve("model.safetensors")));
    w.remove("transformer.layer.1.ffn.lin2.bias");
    Path file = dir.resolve("missing.safetensors");
    Safetensors.write(file, w);
    assertThatThrownBy(() -> layout.load(file))
        .hasMessageContaining("transformer.layer.1.ffn.lin2.bias");
    w.put("transformer.layer.1.ffn.lin2.bias", FloatTensor.of(new float[5]));
    Safetensors.write(file, w);
    assertThatThrownBy(() -> layout.load(file))
        .hasMessageContaining("transformer.layer.1.ffn.lin2.bias")
        .hasMessageContaining("[5]");
  }

  @Test
  void aFileMixingBertAndDistilbertLayersIsRefused() {
    Path m = TinyModelDirectory.create(dir.resolve("m"), "bert", 3);
    EncoderLayout layout = new EncoderLayout(EncoderConfig.read(m.resolve("config.json")));
    Map<String, FloatTensor> w =
        new LinkedHashMap<>(Safetensors.read(m.resolve("model.safetensors")));
    w.put("transformer.layer.0.ffn.lin1.bias", FloatTensor.of(new float[4]));
    Path file = dir.resolve("mixed.safetensors");
    Safetensors.write(file, w);
    assertThatThrownBy(() -> layout.load(file)).hasMessageContaining("mixes BERT and DistilBERT");
  }
}
