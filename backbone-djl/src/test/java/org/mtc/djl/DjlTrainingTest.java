package org.mtc.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.AdamWSettings;
import org.mtc.core.FineTuning;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.Pooling;
import org.mtc.core.TrainingPass;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.io.Safetensors;
import org.mtc.core.testing.TinyModelDirectory;

class DjlTrainingTest {
  private static final List<Input> INPUTS =
      Input.ofTexts(List.of("a good movie", "the weather was bad", "hello world"));
  @TempDir Path tmp;

  private static float[][] upstream(int rows, long seed) {
    Random r = new Random(seed);
    float[][] g = new float[rows][32];
    for (float[] row : g) {
      for (int j = 0; j < row.length; j++) {
        row[j] = (float) r.nextGaussian();
      }
    }
    return g;
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

  private static void step(DjlBackbone b, float[][] g, double lr) {
    try (TrainingPass pass = b.forwardForTraining(INPUTS)) {
      assertThat(pass.pooled()).hasDimensions(INPUTS.size(), 32);
      pass.backward(g);
    }
    b.applyGradients(lr);
  }

  @Test
  void stepsDescendAFixedLinearLoss() {
    for (String type : List.of("bert", "distilbert")) {
      Path dir = TinyModelDirectory.create(tmp.resolve(type), type, 9);
      float[][] g = upstream(INPUTS.size(), 1);
      try (DjlBackbone b = TestSpecs.open(dir, Pooling.MEAN)) {
        double before = loss(b.encode(INPUTS), g);
        try (TrainingPass pass = b.forwardForTraining(INPUTS)) {
          // no dropout in these specs: the training forward equals inference
          assertThat(loss(pass.pooled(), g)).isCloseTo(before, Offset.offset(1e-3));
          pass.backward(g);
          assertThatThrownBy(() -> pass.backward(g)).isInstanceOf(MtcException.class);
        }
        b.applyGradients(1e-3);
        for (int i = 0; i < 4; i++) {
          step(b, g, 1e-3);
        }
        double after = loss(b.encode(INPUTS), g);
        assertThat(after).as(type).isLessThan(before - 0.5);
      }
    }
  }

  @Test
  void dropoutMakesTrainingPassesDifferFromInference() {
    Path dir = TinyModelDirectory.create(tmp.resolve("d"), "bert", 9);
    BackboneSpec spec = TestSpecs.spec(dir, Pooling.CLS);
    spec =
        new BackboneSpec(
            dir,
            "djl",
            Pooling.CLS,
            32,
            FineTuning.FULL,
            spec.optimizer(),
            0.3,
            1,
            spec.engineSettings());
    try (DjlBackbone b = TestSpecs.open(spec);
        TrainingPass pass = b.forwardForTraining(INPUTS)) {
      assertThat(pass.pooled()[0]).isNotEqualTo(b.encode(INPUTS)[0]);
    }
  }

  @Test
  void topOneLayerFineTuningChangesOnlyTheTopLayer() {
    Path dir = TinyModelDirectory.create(tmp.resolve("src"), "bert", 9);
    BackboneSpec spec = TestSpecs.spec(dir, Pooling.CLS).withFineTuning(new FineTuning(1));
    spec =
        new BackboneSpec(
            dir,
            "djl",
            Pooling.CLS,
            32,
            spec.fineTuning(),
            AdamWSettings.DEEP_PAVLOV,
            0.1,
            3,
            spec.engineSettings());
    Map<String, FloatTensor> original = Safetensors.read(dir.resolve("model.safetensors"));
    Path out = tmp.resolve("out");
    try (DjlBackbone b = TestSpecs.open(spec)) {
      for (int i = 0; i < 3; i++) {
        step(b, upstream(INPUTS.size(), i), 1e-3);
      }
      b.save(out);
    }
    Map<String, FloatTensor> trained = Safetensors.read(out.resolve("model.safetensors"));
    assertThat(trained.keySet()).allMatch(original::containsKey);
    for (var e : trained.entrySet()) {
      boolean top = e.getKey().startsWith("encoder.layer.1.");
      if (top) {
        assertThat(e.getValue()).as(e.getKey()).isNotEqualTo(original.get(e.getKey()));
      } else {
        assertThat(e.getValue()).as(e.getKey()).isEqualTo(original.get(e.getKey()));
      }
    }
  }

  @Test
  void aFrozenBackboneEncodesButNeverChanges() {
    Path dir = TinyModelDirectory.create(tmp.resolve("src"), "distilbert", 9);
    BackboneSpec spec = TestSpecs.spec(dir, Pooling.MEAN).withFineTuning(FineTuning.FROZEN);
    Path out = tmp.resolve("out");
    try (DjlBackbone b = TestSpecs.open(spec)) {
      assertThat(b.trainable()).isFalse();
      assertThat(b.encode(INPUTS)).hasDimensions(3, 32);
      assertThatThrownBy(() -> b.forwardForTraining(INPUTS))
          .isInstanceOf(MtcException.class)
          .hasMessageContaining("frozen");
      b.applyGradients(1e-2);
      b.save(out);
    }
    assertThat(Safetensors.read(out.resolve("model.safetensors")))
        .isEqualTo(Safetensors.read(dir.resolve("model.safetensors")));
  }

  @Test
  void saveThenReopenGivesIdenticalOutputs() throws Exception {
    Path dir = TinyModelDirectory.create(tmp.resolve("src"), "bert", 9);
    Path out = tmp.resolve("saved");
    float[][] trained;
    try (DjlBackbone b = TestSpecs.open(dir, Pooling.MEAN)) {
      step(b, upstream(INPUTS.size(), 5), 1e-3);
      trained = b.encode(INPUTS);
      b.save(out);
    }
    assertThat(out.resolve("config.json")).exists();
    assertThat(out.resolve("tokenizer.json"))
        .hasSameTextualContentAs(dir.resolve("tokenizer.json"));
    assertThat(out.resolve("1_Pooling/config.json")).exists();
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
    try (DjlBackbone reopened = TestSpecs.open(out, Pooling.AUTO)) {
      assertThat(reopened.info().pooling()).isEqualTo(Pooling.MEAN);
      assertThat(reopened.encode(INPUTS)).isDeepEqualTo(trained);
    }
  }

  @Test
  void longTrainingDoesNotLeakArrays() {
    Path dir = TinyModelDirectory.create(tmp.resolve("leak"), "bert", 9);
    float[][] g = upstream(INPUTS.size(), 2);
    try (DjlBackbone b = TestSpecs.open(dir, Pooling.CLS)) {
      step(b, g, 1e-4);
      b.encode(INPUTS);
      int live = b.liveArrays();
      for (int i = 0; i < 10; i++) {
        step(b, g, 1e-4);
        b.encode(INPUTS);
        b.forwardForTraining(INPUTS).close(); // a pass closed without backward frees its graph too
      }
      assertThat(b.liveArrays()).isEqualTo(live);
    }
  }
}
