package org.mtc.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.Pooling;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.io.Safetensors;
import org.mtc.core.model.EncoderLayout;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.core.testing.TinyModelDirectory;
import org.mtc.onnx.ExportedModel;
import org.mtc.onnx.OnnxSettings;
import org.mtc.onnx.graph.Int8Weights;
import org.mtc.onnx.graph.OnnxExport;
import org.mtc.onnx.graph.Quantization;
import org.mtc.onnx.graph.QuantizedMatMul;
import org.mtc.onnx.importer.OnnxFiles;
import org.mtc.onnx.proto.Onnx.ModelProto;
import org.mtc.onnx.proto.Onnx.TensorProto;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.train.TrainSettings;
import org.mtc.tasks.train.Trainer;
import org.mtc.tasks.train.TrainingListener;

/**
 * {@code --quantize int8} on a tiny trained model (BERT, hidden 64, 2 layers, heads trained on the
 * onnx engine): the int8 graph answers the fp32 graph's labels on more than {@value #SAME_LABELS}
 * of the (text, task) rows, its probabilities differ by less than {@value #MAX_PROBABILITY_DIFF}
 * and its pooled vectors by less than {@value #MAX_POOLED_ERROR} relative (L2); its int8 weights
 * (per output channel) and word embeddings (per row) dequantize to the fp32 ones within half a
 * scale step; the heads' poolers are int8, their classifiers fp32; its metadata records the scheme,
 * the file is smaller, and a fused int8 graph is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Int8ExportTest {
  /** Share of (text, task) rows whose label (argmax, or multi-label decisions) must agree. */
  static final double SAME_LABELS = 0.95;

  /**
   * Largest difference of any probability between the fp32 and int8 graphs (the toy heads, trained
   * with init-std 0.5, amplify the encoder's error).
   */
  static final double MAX_PROBABILITY_DIFF = 0.25;

  /** Largest relative (L2) error of the int8 graph's pooled vectors. */
  static final double MAX_POOLED_ERROR = 0.05;

  @TempDir static Path tmp;
  Path modelDir;
  List<Input> inputs;

  @BeforeAll
  void trainHeadsAndSave() {
    Path bert =
        TinyModelDirectory.create(tmp.resolve("bert"), "bert", 64, 2, 4, 128, 64, "gelu", 5);
    Config onnx = ToyModel.settings("onnx", "");
    modelDir = tmp.resolve("run");
    try (MultitaskModel model =
        MultitaskModel.create(
            EngineFixtures.ENGINES.open(BackboneSpec.from(onnx, bert)),
            ToyModel.data(onnx),
            onnx)) {
      new Trainer(TrainSettings.from(onnx), TrainingListener.NONE)
          .train(model, ToyModel.data(onnx), modelDir);
    }
    List<String> words = TinyModelDirectory.VOCAB.stream().filter(w -> !w.startsWith("[")).toList();
    Random r = new Random(7);
    List<String> texts = new ArrayList<>(EngineFixtures.TEXTS);
    while (texts.size() < 200) {
      StringBuilder b = new StringBuilder();
      for (int i = 1 + r.nextInt(12); i > 0; i--) {
        b.append(words.get(r.nextInt(words.size()))).append(' ');
      }
      texts.add(b.toString().trim());
    }
    inputs = Input.ofTexts(texts);
  }

  private ModelProto export(boolean fused, Quantization quantization) {
    try (MultitaskModel model =
        MultitaskModel.load(modelDir, EngineFixtures.ENGINES, ToyModel.settings("onnx", ""))) {
      return OnnxExport.multitask(
          HfBackboneDirectory.open(modelDir.resolve("model").resolve(MultitaskModel.BACKBONE_DIR)),
          model.pooling(),
          model.conf().maxLength(),
          model.heads(),
          model.conf().render(),
          fused,
          quantization);
    }
  }

  private Map<String, float[][]> answers(ModelProto graph, String name) {
    Path file = tmp.resolve(name);
    OnnxExport.write(graph, file);
    try (ExportedModel m = ExportedModel.open(file, OnnxSettings.DEFAULTS)) {
      return m.probabilities(inputs);
    }
  }

  @Test
  void int8GraphAnswersTheFp32LabelsOnMostRows() throws Exception {
    Map<String, float[][]> fp32 = answers(export(false, Quantization.NONE), "fp32.onnx");
    Map<String, float[][]> int8 = answers(export(false, Quantization.INT8), "int8.onnx");
    int rows = 0;
    int same = 0;
    for (String task : List.of("sentiment", "topic", "tags")) {
      assertThat(EngineFixtures.maxAbsDiff(int8.get(task), fp32.get(task)))
          .as(task)
          .isLessThan(MAX_PROBABILITY_DIFF);
      for (int i = 0; i < inputs.size(); i++) {
        rows++;
        same += decision(task, fp32.get(task)[i]).equals(decision(task, int8.get(task)[i])) ? 1 : 0;
      }
    }
    assertThat((double) same / rows).as(same + " of " + rows + " rows").isGreaterThan(SAME_LABELS);
    assertThat(relativeError(int8.get("pooled"), fp32.get("pooled")))
        .as("pooled vectors move, but little")
        .isGreaterThan(0)
        .isLessThan(MAX_POOLED_ERROR);
  }

  /** {@code ||a - b|| / ||b||} over all rows. */
  private static double relativeError(float[][] a, float[][] b) {
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < b.length; i++) {
      for (int j = 0; j < b[i].length; j++) {
        diff += (a[i][j] - b[i][j]) * (a[i][j] - b[i][j]);
        norm += b[i][j] * b[i][j];
      }
    }
    return Math.sqrt(diff / norm);
  }

  @Test
  void headsOverAnInt8EncoderGiveTheInt8ExportsAnswersAndKeepItsMetadata() throws Exception {
    Path backbone = modelDir.resolve("model").resolve(MultitaskModel.BACKBONE_DIR);
    ModelProto encoder =
        OnnxExport.encoder(
            HfBackboneDirectory.open(backbone), Pooling.MEAN, false, Quantization.INT8);
    try (MultitaskModel model =
        MultitaskModel.load(modelDir, EngineFixtures.ENGINES, ToyModel.settings("onnx", ""))) {
      ModelProto heads =
          OnnxExport.headsOver(
              encoder,
              "int8-encoder.onnx",
              model.pooling(),
              model.conf().maxLength(),
              model.heads(),
              model.conf().render(),
              OnnxExport.tokenizer(backbone.resolve("tokenizer.json")));
      assertThat(OnnxExport.metadata(heads))
          .containsEntry(Quantization.METADATA_KEY, Quantization.INT8.metadataValue());
      Map<String, float[][]> over = answers(heads, "heads-over-int8.onnx");
      Map<String, float[][]> whole = answers(export(false, Quantization.INT8), "whole-int8.onnx");
      for (String task : List.of("sentiment", "topic", "tags")) {
        assertThat(over.get(task)).as(task).isDeepEqualTo(whole.get(task));
      }
    }
  }

  /** The argmax of a single-label row; the labels over 0.5 of the multi-label task. */
  private static String decision(String task, float[] p) {
    StringBuilder b = new StringBuilder();
    int best = 0;
    for (int j = 0; j < p.length; j++) {
      best = p[j] > p[best] ? j : best;
      b.append(p[j] > 0.5f ? '1' : '0');
    }
    return task.equals("tags") ? b.toString() : Integer.toString(best);
  }

  @Test
  void quantizedWeightsRoundTripWithinHalfAScaleStep() throws Exception {
    Path file = tmp.resolve("roundtrip.onnx");
    OnnxExport.write(export(false, Quantization.INT8), file);
    ModelProto read = OnnxFiles.read(file);
    assertThat(OnnxExport.metadata(read))
        .containsEntry(Quantization.METADATA_KEY, "int8-dynamic-per-channel");
    Map<String, TensorProto> init = OnnxFiles.initializers(read.getGraph());
    Path backbone = modelDir.resolve("model").resolve(MultitaskModel.BACKBONE_DIR);
    Map<String, FloatTensor> original = Safetensors.read(backbone.resolve("model.safetensors"));
    EncoderLayout layout = new EncoderLayout(HfBackboneDirectory.open(backbone).encoderConfig());
    int checked = 0;
    for (int l = 0; l < 2; l++) {
      EncoderLayout.LayerNames n = layout.layer(l);
      for (String name :
          List.of(
              n.query(), n.key(), n.value(), n.attentionOutput(), n.intermediate(), n.output())) {
        assertThat(init).as(name).doesNotContainKey(name + ".weight");
        assertRoundTrip(init, name, OnnxFiles.transpose(original.get(name + ".weight")), 1);
        checked++;
      }
    }
    assertThat(checked).isEqualTo(12);
    String words = EncoderLayout.WORD_EMBEDDINGS;
    assertThat(init).doesNotContainKey(words);
    assertRoundTrip(init, words, original.get(words), 0);
    for (String task : List.of("sentiment", "topic", "tags")) {
      assertThat(init.get(task + ".pooler" + QuantizedMatMul.QUANTIZED).getDataType())
          .as(task + " pooler")
          .isEqualTo(TensorProto.DataType.INT8_VALUE);
      assertThat(init).as(task + " classifier").containsKey(task + ".classifier.weight");
    }
    Path fp32 = tmp.resolve("size-fp32.onnx");
    OnnxExport.write(export(false, Quantization.NONE), fp32);
    assertThat(Files.size(file)).isLessThan(Files.size(fp32));
    assertThatThrownBy(() -> export(true, Quantization.INT8))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("drop --fused");
  }

  /**
   * The int8 initializer {@code name}{@value QuantizedMatMul#QUANTIZED} with its scales gives
   * {@code want} back within half a scale step ({@code axis} 1: per column, 0: per row).
   */
  private static void assertRoundTrip(
      Map<String, TensorProto> init, String name, FloatTensor want, int axis) {
    TensorProto q = init.get(name + QuantizedMatMul.QUANTIZED);
    assertThat(q.getDataType()).as(name).isEqualTo(TensorProto.DataType.INT8_VALUE);
    float[] scales = OnnxFiles.toFloatTensor(init.get(name + QuantizedMatMul.SCALE), name).data();
    int cols = (int) q.getDims(1);
    float[] back =
        new Int8Weights((int) q.getDims(0), cols, q.getRawData().toByteArray(), scales, axis)
            .dequantize()
            .data();
    float[] w = want.data();
    assertThat(back).hasSameSizeAs(w);
    for (int k = 0; k < w.length; k++) {
      float step = scales[axis == 1 ? k % cols : k / cols];
      assertThat(Math.abs(back[k] - w[k]))
          .as(name + "[" + k + "]")
          .isLessThanOrEqualTo(step / 2 + 1e-7f);
    }
  }
}
