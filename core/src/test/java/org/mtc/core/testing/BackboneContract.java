package org.mtc.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.AdamWSettings;
import org.mtc.core.Backbone;
import org.mtc.core.FineTuning;
import org.mtc.core.HiddenStatesBackbone;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.Pooling;
import org.mtc.core.StepOutcome;
import org.mtc.core.TokenizingBackbone;
import org.mtc.core.TrainingPass;
import org.mtc.core.engine.BackboneFactory;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.io.Safetensors;
import org.mtc.core.model.HfBackboneDirectory;

/**
 * The behaviour every engine's {@link Backbone} must show, run by each engine module's test
 * subclass on tiny random BERT and DistilBERT directories ({@link TinyModelDirectory}): shapes and
 * info, padding invariance, empty and 100k-character texts, save then reopen, frozen versus top-k
 * fine-tuning, descent of a fixed linear loss, and clear errors for misuse and broken directories.
 * Engine-free: a subclass only names its factory. Inference-only engines override {@link #trains()}
 * to skip the training checks.
 */
public abstract class BackboneContract {
  protected static final List<String> TEXTS =
      List.of("a good movie", "the weather was bad and the music sad", "hello world");
  protected static final List<Input> INPUTS = Input.ofTexts(TEXTS);
  protected static final AdamWSettings ADAM = new AdamWSettings(0.9, 0.99, 1e-6, 0.01, 1.0);
  @TempDir protected Path tmp;

  /** The factory under test. */
  protected abstract BackboneFactory factory();

  /** The engine name it reports in {@link Backbone#info()}. */
  protected abstract String engine();

  /** Whether the engine trains (false for inference-only engines). */
  protected boolean trains() {
    return true;
  }

  protected BackboneSpec spec(Path dir, Pooling pooling, FineTuning fineTuning) {
    return new BackboneSpec(
        dir, engine(), pooling, 32, fineTuning, ADAM, 0.0, 42, ConfigFactory.empty());
  }

  protected Backbone open(Path dir, Pooling pooling, FineTuning fineTuning) {
    return factory().open(spec(dir, pooling, fineTuning));
  }

  @Test
  void encodesToBatchByHiddenAndReportsWhatItIs() {
    for (String type : List.of("bert", "distilbert")) {
      Path dir = TinyModelDirectory.create(tmp.resolve(type), type, 1);
      try (Backbone b = open(dir, Pooling.AUTO, FineTuning.FULL)) {
        assertThat(b.encode(INPUTS)).hasDimensions(3, 32);
        assertThat(b.encode(List.of())).isEmpty();
        assertThat(b.info().engine()).isEqualTo(engine());
        assertThat(b.info().modelType()).isEqualTo(type);
        assertThat(b.info().hiddenSize()).isEqualTo(32);
        assertThat(b.info().layers()).isEqualTo(2);
        assertThat(b.info().pooling()).isEqualTo(Pooling.CLS);
        assertThat(b.info().parameterCount()).isPositive();
      }
    }
  }

  @Test
  void paddingDoesNotChangeAText() {
    Path dir = TinyModelDirectory.create(tmp.resolve("bert"), "bert", 2);
    for (Pooling pooling : List.of(Pooling.CLS, Pooling.MEAN)) {
      try (Backbone b = open(dir, pooling, FineTuning.FROZEN)) {
        float[] alone = b.encode(List.of(Input.of("hello")))[0];
        float[] padded =
            b.encode(
                    Input.ofTexts(
                        List.of("hello", "the quick brown fox and the lazy dog were happy")))[0];
        assertClose(alone, padded, 1e-5, pooling + " pooling");
      }
    }
  }

  @Test
  void emptyAndHugeTextsEncode() {
    Path dir = TinyModelDirectory.create(tmp.resolve("distilbert"), "distilbert", 3);
    String huge = "the movie was good ".repeat(100_000 / 19 + 1).substring(0, 100_000);
    try (Backbone b = open(dir, Pooling.MEAN, FineTuning.FULL)) {
      float[][] out = b.encode(Input.ofTexts(List.of("", huge)));
      for (float[] row : out) {
        for (float v : row) {
          assertThat(Float.isFinite(v)).isTrue();
        }
      }
      assertThatThrownBy(() -> b.encode(Arrays.asList(Input.of("ok"), null)))
          .isInstanceOf(MtcException.class);
    }
  }

  @Test
  void savedDirectoryReopensWithTheSameOutputs() {
    Path dir = TinyModelDirectory.create(tmp.resolve("bert"), "bert", 4);
    Path saved = tmp.resolve("saved");
    float[][] expected;
    try (Backbone b = open(dir, Pooling.MEAN, trains() ? FineTuning.FULL : FineTuning.FROZEN)) {
      if (trains()) {
        step(b, upstream(TEXTS.size(), 5), 1e-3);
      }
      expected = b.encode(INPUTS);
      b.save(saved);
    }
    assertThat(saved.resolve(HfBackboneDirectory.CONFIG)).exists();
    assertThat(saved.resolve(HfBackboneDirectory.TOKENIZER)).exists();
    try (Backbone b = open(saved, Pooling.AUTO, FineTuning.FROZEN)) {
      assertThat(b.info().pooling()).isEqualTo(Pooling.MEAN);
      float[][] again = b.encode(INPUTS);
      for (int i = 0; i < again.length; i++) {
        assertClose(expected[i], again[i], 1e-6, "text " + i);
      }
    }
  }

  @Test
  void frozenEncoderDoesNotTrainAndTopKKeepsTheEmbeddings() {
    Path dir = TinyModelDirectory.create(tmp.resolve("distilbert"), "distilbert", 5);
    try (Backbone b = open(dir, Pooling.CLS, FineTuning.FROZEN)) {
      assertThat(b.trainable()).isFalse();
      assertThatThrownBy(() -> b.forwardForTraining(INPUTS))
          .isInstanceOf(MtcException.class)
          .hasMessageContaining("frozen");
      assertThat(b.applyGradients(1e-3)).isEqualTo(StepOutcome.NOTHING);
    }
    if (!trains()) {
      return;
    }
    Map<String, FloatTensor> before = Safetensors.read(dir.resolve(HfBackboneDirectory.WEIGHTS));
    try (Backbone b = open(dir, Pooling.CLS, new FineTuning(1))) {
      assertThat(b.trainable()).isTrue();
      step(b, upstream(TEXTS.size(), 6), 1e-2);
      b.save(tmp.resolve("top1"));
    }
    Map<String, FloatTensor> after =
        Safetensors.read(tmp.resolve("top1").resolve(HfBackboneDirectory.WEIGHTS));
    assertThat(after.get("embeddings.word_embeddings.weight"))
        .isEqualTo(before.get("embeddings.word_embeddings.weight"));
    assertThat(after.get("transformer.layer.0.ffn.lin1.weight"))
        .isEqualTo(before.get("transformer.layer.0.ffn.lin1.weight"));
    assertThat(after.get("transformer.layer.1.ffn.lin1.weight"))
        .isNotEqualTo(before.get("transformer.layer.1.ffn.lin1.weight"));
  }

  @Test
  void stepsDescendAFixedLinearLossAndMisuseIsExplained() {
    if (!trains()) {
      return;
    }
    for (String type : List.of("bert", "distilbert")) {
      Path dir = TinyModelDirectory.create(tmp.resolve(type), type, 6);
      float[][] g = upstream(TEXTS.size(), 7);
      try (Backbone b = open(dir, Pooling.MEAN, FineTuning.FULL)) {
        double before = loss(b.encode(INPUTS), g);
        try (TrainingPass pass = b.forwardForTraining(INPUTS)) {
          assertThat(loss(pass.pooled(), g)).isCloseTo(before, Offset.offset(1e-3));
          assertThatThrownBy(() -> pass.backward(new float[2][32]))
              .isInstanceOf(MtcException.class);
          pass.backward(g);
          assertThatThrownBy(() -> pass.backward(g)).isInstanceOf(MtcException.class);
        }
        b.applyGradients(1e-3);
        for (int i = 0; i < 4; i++) {
          step(b, g, 1e-3);
        }
        assertThat(loss(b.encode(INPUTS), g)).as(type).isLessThan(before - 0.5);
        assertThatThrownBy(() -> b.forwardForTraining(List.of())).isInstanceOf(MtcException.class);
      }
    }
  }

  @Test
  void aNonFiniteGradientSkipsTheStepAndSaysSo() {
    if (!trains()) {
      return;
    }
    Path dir = TinyModelDirectory.create(tmp.resolve("bert"), "bert", 9);
    try (Backbone b = open(dir, Pooling.MEAN, FineTuning.FULL)) {
      float[][] before = b.encode(INPUTS);
      float[][] poisoned = upstream(TEXTS.size(), 3);
      poisoned[1][4] = Float.NaN;
      try (TrainingPass pass = b.forwardForTraining(INPUTS)) {
        pass.backward(poisoned);
      }
      StepOutcome skipped = b.applyGradients(1e-2);
      assertThat(skipped.skipped()).isTrue();
      assertThat(skipped.reason()).contains(engine()).contains("NaN").contains("skipped");
      assertThat(b.encode(INPUTS)).isDeepEqualTo(before);
      try (TrainingPass pass = b.forwardForTraining(INPUTS)) {
        pass.backward(
            upstream(TEXTS.size(), 3)); // the dropped NaN gradients do not leak into this step
      }
      StepOutcome taken = b.applyGradients(1e-2);
      assertThat(taken.skipped()).isFalse();
      assertThat(taken.gradientNorm()).isFinite().isPositive();
      for (float[] row : b.encode(INPUTS)) {
        for (float v : row) {
          assertThat(Float.isFinite(v)).isTrue();
        }
      }
    }
  }

  @Test
  void capabilitiesAreInterfacesThatAgreeWithEncode() {
    Path dir = TinyModelDirectory.create(tmp.resolve("bert"), "bert", 10);
    List<Input> inputs =
        List.of(
            Input.of(TEXTS.get(0)),
            Input.withContext("what is the weather", TEXTS.get(1)),
            Input.of(TEXTS.get(2)));
    try (Backbone b = open(dir, Pooling.MEAN, FineTuning.FROZEN)) {
      if (!(b instanceof TokenizingBackbone t)) {
        return;
      }
      float[][] encoded = b.encode(inputs);
      float[][] fromTokens = t.encodeTokens(t.tokenize(inputs));
      for (int i = 0; i < TEXTS.size(); i++) {
        assertClose(encoded[i], fromTokens[i], 1e-6, "row " + i);
      }
      if (b instanceof HiddenStatesBackbone h) {
        int[] lengths = t.tokenize(inputs).lengths();
        int longest = Arrays.stream(lengths).max().orElseThrow();
        float[][][] hidden = h.hiddenStates(inputs);
        assertThat(hidden).hasNumberOfRows(TEXTS.size());
        for (float[][] row : hidden) {
          assertThat(row).hasNumberOfRows(longest);
        }
        assertThat(hidden[0][0]).hasSize(b.info().hiddenSize());
        assertThat(h.hiddenStates(INPUTS)).hasNumberOfRows(TEXTS.size());
      }
    }
  }

  @Test
  void brokenDirectoriesAreExplained() throws Exception {
    assertThatThrownBy(() -> open(tmp.resolve("absent"), Pooling.CLS, FineTuning.FROZEN))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("does not exist");
    Path dir = TinyModelDirectory.create(tmp.resolve("bert"), "bert", 8);
    Map<String, FloatTensor> w =
        new LinkedHashMap<>(Safetensors.read(dir.resolve(HfBackboneDirectory.WEIGHTS)));
    w.put(
        "encoder.layer.1.output.dense.weight",
        new FloatTensor(new long[] {32, 32}, new float[32 * 32]));
    Safetensors.write(dir.resolve(HfBackboneDirectory.WEIGHTS), w);
    assertThatThrownBy(() -> open(dir, Pooling.CLS, FineTuning.FROZEN))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("encoder.layer.1.output.dense.weight")
        .hasMessageContaining("[32, 32]");
    Files.delete(dir.resolve(HfBackboneDirectory.TOKENIZER));
    assertThatThrownBy(() -> open(dir, Pooling.CLS, FineTuning.FROZEN))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("tokenizer.json");
  }

  protected static void step(Backbone b, float[][] upstream, double lr) {
    try (TrainingPass pass = b.forwardForTraining(INPUTS)) {
      pass.backward(upstream);
    }
    b.applyGradients(lr);
  }

  protected static float[][] upstream(int rows, long seed) {
    Random r = new Random(seed);
    float[][] g = new float[rows][32];
    for (float[] row : g) {
      for (int j = 0; j < row.length; j++) {
        row[j] = (float) r.nextGaussian();
      }
    }
    return g;
  }

  protected static double loss(float[][] pooled, float[][] g) {
    double sum = 0;
    for (int i = 0; i < pooled.length; i++) {
      for (int j = 0; j < pooled[i].length; j++) {
        sum += pooled[i][j] * g[i][j];
      }
    }
    return sum;
  }

  protected static void assertClose(float[] a, float[] b, double tolerance, String what) {
    assertThat(b).as(what).hasSameSizeAs(a);
    for (int i = 0; i < a.length; i++) {
      assertThat((double) Math.abs(a[i] - b[i]))
          .as(what + " [" + i + "]")
          .isLessThanOrEqualTo(tolerance);
    }
  }
}
