package org.mtc.tf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mtc.core.Backbone;
import org.mtc.core.FineTuning;
import org.mtc.core.Input;
import org.mtc.core.Pooling;
import org.mtc.core.TrainingPass;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.io.Safetensors;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.core.testing.TinyModelDirectory;
import org.mtc.djl.DjlBackbone;
import org.mtc.djl.DjlBackboneFactory;
import org.mtc.onnx.OnnxBackbone;
import org.mtc.onnx.OnnxBackboneFactory;

/**
 * The same directory on DJL (PyTorch), TF Java and ONNX Runtime: hidden states within 1e-4 (DJL vs
 * TF), pooled vectors within 1e-4 on all three, and one training step from the same state giving
 * the same weights (within 2e-5 of each other; the step itself moves weights by about the learning
 * rate, 1e-3).
 */
class CrossEngineParityTest {
  static final List<String> TEXTS =
      List.of(
          "a good movie",
          "the weather was bad and the music was sad",
          "hello world",
          "",
          "quick brown fox, lazy dog!");
  static final double HIDDEN_TOLERANCE = 1e-4;
  static final double STEP_TOLERANCE = 2e-5;
  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({"bert,gelu,CLS", "distilbert,gelu,MEAN", "bert,gelu_new,MEAN"})
  void hiddenStatesAndPooledMatchDjl(String type, String act, Pooling pooling) {
    Path dir = TinyModelDirectory.create(tmp.resolve(type), type, 32, 2, 4, 64, 64, act, 5);
    try (DjlBackbone djl = new DjlBackboneFactory().open(TfTestSpecs.spec(dir, "djl", pooling));
        TfBackbone tf = TfTestSpecs.open(dir, pooling)) {
      assertThat(tf.tokenIds(TEXTS)).isDeepEqualTo(djl.tokenIds(TEXTS));
      float[][][] a = djl.hiddenStates(Input.ofTexts(TEXTS));
      float[][][] b = tf.hiddenStates(Input.ofTexts(TEXTS));
      assertThat(b.length).isEqualTo(a.length);
      long[][] ids = tf.tokenIds(TEXTS);
      double max = 0;
      for (int i = 0; i < a.length; i++) {
        for (int j = 0; j < ids[i].length; j++) { // real tokens only
          max = Math.max(max, TfTestSpecs.maxAbs(a[i][j], b[i][j]));
        }
      }
      assertThat(max).as("max |hidden DJL - hidden TF|").isLessThanOrEqualTo(HIDDEN_TOLERANCE);
      float[][] pa = djl.encode(Input.ofTexts(TEXTS));
      float[][] pb = tf.encode(Input.ofTexts(TEXTS));
      float[][] pc;
      try (Backbone onnx = new OnnxBackboneFactory().open(TfTestSpecs.spec(dir, "onnx", pooling))) {
        pc =
            onnx.encode(
                Input.ofTexts(
                    TEXTS)); // ONNX Runtime exposes pooled vectors (CLS: the first hidden state)
      }
      for (int i = 0; i < pa.length; i++) {
        assertThat(TfTestSpecs.maxAbs(pa[i], pb[i]))
            .as("DJL vs TF pooled")
            .isLessThanOrEqualTo(HIDDEN_TOLERANCE);
        assertThat(TfTestSpecs.maxAbs(pc[i], pb[i]))
            .as("ONNX Runtime vs TF pooled")
            .isLessThanOrEqualTo(HIDDEN_TOLERANCE);
      }
    }
  }

  /**
   * Dialog contexts parallel to {@link #TEXTS}: one long (truncated), one empty (a single
   * sentence).
   */
  static final List<String> CONTEXTS =
      List.of(
          "what did you watch yesterday?",
          "tell me about your day, the weather, the music and everything else you did ".repeat(20),
          "",
          "hi there",
          "do you like animals?");

  /** Each text read after the context at the same position ("" : none). */
  static final List<Input> PAIRS =
      IntStream.range(0, TEXTS.size())
          .mapToObj(i -> Input.withContext(CONTEXTS.get(i), TEXTS.get(i)))
          .toList();

  @ParameterizedTest
  @CsvSource({"bert,gelu,CLS", "distilbert,gelu,MEAN", "bert,gelu_new,MEAN"})
  void sentencePairsMatchOnAllThreeEngines(String type, String act, Pooling pooling) {
    Path dir = TinyModelDirectory.create(tmp.resolve(type), type, 32, 2, 4, 64, 64, act, 5);
    try (DjlBackbone djl = new DjlBackboneFactory().open(TfTestSpecs.spec(dir, "djl", pooling));
        TfBackbone tf = TfTestSpecs.open(dir, pooling);
        OnnxBackbone onnx =
            new OnnxBackboneFactory().open(TfTestSpecs.spec(dir, "onnx", pooling))) {
      var rows = djl.tokenize(PAIRS);
      assertThat(tf.tokenize(PAIRS).ids()).isDeepEqualTo(rows.ids());
      assertThat(onnx.tokenize(PAIRS).typeIds()).isDeepEqualTo(rows.typeIds());
      assertThat(rows.typeIds()[0]).contains(0L, 1L);
      float[][][] a = djl.hiddenStates(PAIRS);
      float[][][] b = tf.hiddenStates(PAIRS);
      double max = 0;
      for (int i = 0; i < a.length; i++) {
        for (int j = 0; j < rows.ids()[i].length; j++) {
          max = Math.max(max, TfTestSpecs.maxAbs(a[i][j], b[i][j]));
        }
      }
      assertThat(max)
          .as("max |hidden DJL - hidden TF| of pairs")
          .isLessThanOrEqualTo(HIDDEN_TOLERANCE);
      float[][] pa = djl.encode(PAIRS);
      float[][] pb = tf.encode(PAIRS);
      float[][] pc = onnx.encode(PAIRS);
      float[][] single = djl.encode(Input.ofTexts(TEXTS));
      for (int i = 0; i < pa.length; i++) {
        assertThat(TfTestSpecs.maxAbs(pa[i], pb[i]))
            .as("DJL vs TF pooled pair")
            .isLessThanOrEqualTo(HIDDEN_TOLERANCE);
        assertThat(TfTestSpecs.maxAbs(pc[i], pb[i]))
            .as("ONNX Runtime vs TF pooled pair")
            .isLessThanOrEqualTo(HIDDEN_TOLERANCE);
      }
      assertThat(TfTestSpecs.maxAbs(pa[2], single[2]))
          .as("empty context = single sentence")
          .isLessThanOrEqualTo(1e-6);
      assertThat(TfTestSpecs.maxAbs(pa[0], single[0]))
          .as("the context changes the vector")
          .isGreaterThan(1e-3);
    }
  }

  @ParameterizedTest
  @CsvSource({"bert,all", "distilbert,all", "bert,1"})
  void oneTrainingStepGivesTheSameWeights(String type, String trainable) {
    Path dir = TinyModelDirectory.create(tmp.resolve(type), type, 11);
    FineTuning f = FineTuning.parse(trainable, "test");
    float[][] upstream = TfTestSpecs.upstream(TEXTS.size(), 32, 3);
    Map<String, FloatTensor> before = Safetensors.read(dir.resolve(HfBackboneDirectory.WEIGHTS));
    Map<String, FloatTensor> djlAfter;
    try (DjlBackbone djl =
        new DjlBackboneFactory()
            .open(TfTestSpecs.spec(dir, "djl", Pooling.MEAN).withFineTuning(f))) {
      step(djl, upstream);
      djl.save(tmp.resolve("djl-after"));
      djlAfter = Safetensors.read(tmp.resolve("djl-after").resolve(HfBackboneDirectory.WEIGHTS));
    }
    Map<String, FloatTensor> tfAfter;
    try (TfBackbone tf =
        new TfBackboneFactory().open(TfTestSpecs.spec(dir, "tf", Pooling.MEAN).withFineTuning(f))) {
      step(tf, upstream);
      tfAfter = tf.snapshot();
    }
    double maxMove = 0;
    for (var e : tfAfter.entrySet()) {
      FloatTensor d = djlAfter.get(e.getKey());
      assertThat(TfTestSpecs.maxAbs(d.data(), e.getValue().data()))
          .as(e.getKey())
          .isLessThanOrEqualTo(STEP_TOLERANCE);
      maxMove =
          Math.max(maxMove, TfTestSpecs.maxAbs(before.get(e.getKey()).data(), e.getValue().data()));
    }
    assertThat(maxMove).as("the step moved some weight").isGreaterThan(5e-4);
    if (!f.full()) {
      assertThat(tfAfter.get("embeddings.word_embeddings.weight"))
          .isEqualTo(before.get("embeddings.word_embeddings.weight"));
    }
  }

  @ParameterizedTest
  @CsvSource({"bert", "distilbert"})
  void oneTrainingStepOnPairsGivesTheSameWeights(String type) {
    Path dir = TinyModelDirectory.create(tmp.resolve(type), type, 11);
    float[][] upstream = TfTestSpecs.upstream(TEXTS.size(), 32, 3);
    Map<String, FloatTensor> djlAfter;
    try (DjlBackbone djl =
        new DjlBackboneFactory().open(TfTestSpecs.spec(dir, "djl", Pooling.MEAN))) {
      try (TrainingPass pass = djl.forwardForTraining(PAIRS)) {
        pass.backward(upstream);
      }
      djl.applyGradients(1e-3);
      djl.save(tmp.resolve("djl-after"));
      djlAfter = Safetensors.read(tmp.resolve("djl-after").resolve(HfBackboneDirectory.WEIGHTS));
    }
    try (TfBackbone tf = new TfBackboneFactory().open(TfTestSpecs.spec(dir, "tf", Pooling.MEAN))) {
      try (TrainingPass pass = tf.forwardForTraining(PAIRS)) {
        pass.backward(upstream);
      }
      tf.applyGradients(1e-3);
      for (var e : tf.snapshot().entrySet()) {
        assertThat(TfTestSpecs.maxAbs(djlAfter.get(e.getKey()).data(), e.getValue().data()))
            .as(e.getKey())
            .isLessThanOrEqualTo(STEP_TOLERANCE);
      }
    }
  }

  private static void step(Backbone b, float[][] upstream) {
    try (TrainingPass pass = b.forwardForTraining(Input.ofTexts(TEXTS))) {
      pass.backward(upstream);
    }
    b.applyGradients(1e-3);
  }
}
