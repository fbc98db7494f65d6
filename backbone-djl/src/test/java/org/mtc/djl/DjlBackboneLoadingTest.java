package org.mtc.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.Backbone;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.Pooling;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.engine.Engines;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.io.Safetensors;
import org.mtc.core.settings.Settings;
import org.mtc.core.testing.TinyModelDirectory;

class DjlBackboneLoadingTest {
  @TempDir Path tmp;

  @Test
  void loadsBertAndDistilbert() {
    for (String type : List.of("bert", "distilbert")) {
      Path dir = TinyModelDirectory.create(tmp.resolve(type), type, 7);
      try (DjlBackbone b = TestSpecs.open(dir, Pooling.AUTO)) {
        assertThat(b.info().engine()).isEqualTo("djl");
        assertThat(b.info().modelType()).isEqualTo(type);
        assertThat(b.info().hiddenSize()).isEqualTo(32);
        assertThat(b.info().layers()).isEqualTo(2);
        assertThat(b.info().pooling()).isEqualTo(Pooling.CLS);
        assertThat(b.info().parameterCount()).isGreaterThan(20_000);
        float[][] out = b.encode(Input.ofTexts(List.of("hello world", "the quick brown fox")));
        assertThat(out).hasDimensions(2, 32);
        assertThat(out[0]).isNotEqualTo(out[1]);
        assertThat(b.trainable()).isTrue();
      }
    }
  }

  @Test
  void aMissingTensorIsNamedWithFileAndShape() {
    Path dir = TinyModelDirectory.create(tmp.resolve("m"), "bert", 7);
    Map<String, FloatTensor> w =
        new LinkedHashMap<>(Safetensors.read(dir.resolve("model.safetensors")));
    w.remove("encoder.layer.1.output.dense.weight");
    Safetensors.write(dir.resolve("model.safetensors"), w);
    assertThatThrownBy(() -> TestSpecs.open(dir, Pooling.CLS))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("model.safetensors")
        .hasMessageContaining("'encoder.layer.1.output.dense.weight' is missing")
        .hasMessageContaining("[32, 64]");
  }

  @Test
  void aMisShapedTensorIsNamedWithExpectedAndActualShape() {
    Path dir = TinyModelDirectory.create(tmp.resolve("s"), "distilbert", 7);
    Map<String, FloatTensor> w =
        new LinkedHashMap<>(Safetensors.read(dir.resolve("model.safetensors")));
    w.put(
        "transformer.layer.0.ffn.lin1.weight",
        new FloatTensor(new long[] {32, 64}, new float[32 * 64]));
    Safetensors.write(dir.resolve("model.safetensors"), w);
    assertThatThrownBy(() -> TestSpecs.open(dir, Pooling.CLS))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("model.safetensors")
        .hasMessageContaining(
            "'transformer.layer.0.ffn.lin1.weight' has shape [32, 64], expected [64, 32]");
  }

  @Test
  void acceptsTaskModelPrefixesAndIgnoresExtraTensors() {
    Path plain = TinyModelDirectory.create(tmp.resolve("plain"), "bert", 3);
    Path prefixed = TinyModelDirectory.create(tmp.resolve("prefixed"), "bert", 3);
    Map<String, FloatTensor> w = new LinkedHashMap<>();
    Safetensors.read(plain.resolve("model.safetensors")).forEach((k, v) -> w.put("bert." + k, v));
    w.put("cls.predictions.bias", FloatTensor.of(new float[TinyModelDirectory.VOCAB.size()]));
    w.put("classifier.weight", new FloatTensor(new long[] {2, 32}, new float[64]));
    Safetensors.write(prefixed.resolve("model.safetensors"), w);
    try (DjlBackbone a = TestSpecs.open(plain, Pooling.MEAN);
        DjlBackbone b = TestSpecs.open(prefixed, Pooling.MEAN)) {
      assertThat(b.encode(Input.ofTexts(List.of("good movie"))))
          .isEqualTo(a.encode(Input.ofTexts(List.of("good movie"))));
    }
  }

  @Test
  void opensThroughEngineDiscovery() {
    Path dir = TinyModelDirectory.create(tmp.resolve("d"), "bert", 7);
    Engines engines = Engines.discover();
    assertThat(engines.names()).contains("djl");
    assertThat(engines.factory("djl")).isInstanceOf(DjlBackboneFactory.class);
    try (Backbone b = engines.open(TestSpecs.spec(dir, Pooling.MEAN))) {
      assertThat(b.info().pooling()).isEqualTo(Pooling.MEAN);
      assertThat(b.encode(Input.ofTexts(List.of("yes")))).hasDimensions(1, 32);
    }
  }

  @Test
  void aClosedBackboneSaysSo() {
    Path dir = TinyModelDirectory.create(tmp.resolve("c"), "bert", 7);
    DjlBackbone b = TestSpecs.open(dir, Pooling.CLS);
    b.close();
    b.close(); // idempotent
    assertThatThrownBy(() -> b.encode(Input.ofTexts(List.of("hello"))))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> b.forwardForTraining(Input.ofTexts(List.of("hello"))))
        .isInstanceOf(MtcException.class);
  }

  @Test
  void referenceConfDeclaresTheThreadsSetting() {
    var settings =
        Settings.load(List.of(), ConfigFactory.parseString("mtc.backbone.djl.threads = 1"));
    var spec = BackboneSpec.from(settings, tmp);
    assertThat(spec.engine()).isEqualTo("djl");
    assertThat(DjlBackboneFactory.threads(spec.engineSettings())).isEqualTo(1);
    assertThat(Settings.reference().getInt("mtc.backbone.djl.threads")).isZero();
  }

  @Test
  void threadsSettingIsValidated() {
    assertThat(DjlBackboneFactory.threads(ConfigFactory.empty())).isZero();
    assertThat(DjlBackboneFactory.threads(ConfigFactory.parseString("threads = 2"))).isEqualTo(2);
    assertThatThrownBy(() -> DjlBackboneFactory.threads(ConfigFactory.parseString("threads = -1")))
        .hasMessageContaining("mtc.backbone.djl.threads");
  }
}
