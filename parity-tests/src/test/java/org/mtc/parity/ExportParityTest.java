package org.mtc.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.MtcException;
import org.mtc.core.Pooling;
import org.mtc.core.TaskHead;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.core.testing.TinyModelDirectory;
import org.mtc.onnx.ExportedModel;
import org.mtc.onnx.OnnxSettings;
import org.mtc.onnx.graph.GraphBuilder;
import org.mtc.onnx.graph.OnnxExport;
import org.mtc.onnx.importer.OnnxFiles;
import org.mtc.onnx.proto.Onnx.ModelProto;
import org.mtc.onnx.proto.Onnx.StringStringEntryProto;
import org.mtc.onnx.proto.Onnx.TensorProto;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.train.TrainSettings;
import org.mtc.tasks.train.Trainer;
import org.mtc.tasks.train.TrainingListener;

/**
 * A tiny multitask model trained heads-only on the onnx engine, saved, exported to one ONNX graph,
 * and served: the exported graph's labels equal the Java model's on djl and onnx, probabilities
 * within 1e-4; bad files fail with errors naming the file.
 */
class ExportParityTest {
  @TempDir Path tmp;
  Path modelDir;
  Map<String, float[][]> djl;

  @BeforeEach
  void trainHeadsOnOnnxAndSave() {
    Path bert =
        TinyModelDirectory.create(tmp.resolve("bert"), "bert", 32, 2, 4, 64, 64, "gelu", 11);
    Config onnx = ToyModel.settings("onnx", "");
    var data = ToyModel.data(onnx);
    modelDir = tmp.resolve("run");
    try (MultitaskModel model =
        MultitaskModel.create(
            EngineFixtures.ENGINES.open(BackboneSpec.from(onnx, bert)), data, onnx)) {
      assertThat(model.backbone().trainable()).isFalse();
      Map<String, float[][]> before = model.probabilities(EngineFixtures.INPUTS);
      new Trainer(TrainSettings.from(onnx), TrainingListener.NONE).train(model, data, modelDir);
      Map<String, float[][]> after = model.probabilities(EngineFixtures.INPUTS);
      assertThat(after.get("topic")[0][0])
          .as("frozen training moved the heads")
          .isNotEqualTo(before.get("topic")[0][0]);
    }
    try (MultitaskModel model =
        MultitaskModel.load(modelDir, EngineFixtures.ENGINES, ToyModel.settings("djl", ""))) {
      djl = model.probabilities(EngineFixtures.INPUTS);
    }
  }

  private Path export(String name) {
    return export(name, false);
  }

  private Path export(String name, boolean fused) {
    try (MultitaskModel model =
        MultitaskModel.load(modelDir, EngineFixtures.ENGINES, ToyModel.settings("onnx", ""))) {
      Map<String, float[][]> onnx = model.probabilities(EngineFixtures.INPUTS);
      for (String task : djl.keySet()) {
        assertThat(EngineFixtures.maxAbsDiff(onnx.get(task), djl.get(task)))
            .as(task)
            .isLessThan(1e-4);
      }
      Path out = tmp.resolve(name);
      Path backbone = modelDir.resolve("model").resolve(MultitaskModel.BACKBONE_DIR);
      OnnxExport.write(
          OnnxExport.multitask(
              HfBackboneDirectory.open(backbone),
              model.pooling(),
              model.conf().maxLength(),
              model.heads(),
              model.conf().render(),
              fused),
          out);
      return out;
    }
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "fused={0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void exportedGraphGivesTheJavaModelsLabelsAndProbabilities(boolean fused) {
    Path file = export("model.onnx", fused);
    try (ExportedModel served = ExportedModel.open(file, OnnxSettings.DEFAULTS.withBatchSize(3))) {
      assertThat(served.labels()).containsOnlyKeys("sentiment", "topic", "tags");
      assertThat(served.labels().get("topic")).containsExactly("food", "sport", "tech");
      assertThat(served.tasksConf()).contains("multi-label");
      Map<String, float[][]> out = served.probabilities(EngineFixtures.INPUTS);
      assertThat(out.get("pooled")[0]).hasSize(32);
      for (String task : djl.keySet()) {
        assertThat(EngineFixtures.maxAbsDiff(out.get(task), djl.get(task)))
            .as(task)
            .isLessThan(1e-4);
        for (int i = 0; i < EngineFixtures.TEXTS.size(); i++) {
          assertThat(argmax(out.get(task)[i]))
              .as(task + " text " + i)
              .isEqualTo(argmax(djl.get(task)[i]));
        }
      }
      float[] tags = out.get("tags")[0];
      assertThat(tags[0] + tags[1])
          .as("sigmoid, not softmax")
          .isNotCloseTo(1f, Offset.offset(1e-3f));
    }
  }

  @Test
  void headsExportedAloneOverAnEncoderGraphGiveTheSameOutputs() {
    Path full = export("full.onnx");
    ModelProto encoder =
        OnnxExport.encoder(
            HfBackboneDirectory.open(modelDir.resolve("model/backbone")), Pooling.MEAN);
    try (MultitaskModel model =
        MultitaskModel.load(modelDir, EngineFixtures.ENGINES, ToyModel.settings("onnx", ""))) {
      List<TaskHead> heads = model.heads();
      Path file = tmp.resolve("heads.onnx");
      OnnxExport.write(
          OnnxExport.headsOver(
              encoder,
              "encoder.onnx",
              model.pooling(),
              16,
              heads,
              model.conf().render(),
              OnnxExport.tokenizer(modelDir.resolve("model/backbone/tokenizer.json"))),
          file);
      try (ExportedModel a = ExportedModel.open(file, OnnxSettings.DEFAULTS);
          ExportedModel b = ExportedModel.open(full, OnnxSettings.DEFAULTS)) {
        Map<String, float[][]> x = a.probabilities(EngineFixtures.INPUTS);
        Map<String, float[][]> y = b.probabilities(EngineFixtures.INPUTS);
        for (String task : djl.keySet()) {
          assertThat(x.get(task)).as(task).isDeepEqualTo(y.get(task));
        }
      }
    }
  }

  @Test
  void badFilesFailNamingTheFileAndWhatWasExpected() throws Exception {
    Path notOnnx = tmp.resolve("notes.onnx");
    Files.writeString(notOnnx, "this is not a model\n");
    assertThatThrownBy(() -> ExportedModel.open(notOnnx, OnnxSettings.DEFAULTS))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(notOnnx.toString())
        .hasMessageContaining("not an ONNX");

    Path full = export("model.onnx");
    byte[] bytes = Files.readAllBytes(full);
    Path truncated = tmp.resolve("truncated.onnx");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> ExportedModel.open(truncated, OnnxSettings.DEFAULTS))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(truncated.toString());

    ModelProto model = OnnxFiles.read(full);
    ModelProto.Builder wrongLabels = model.toBuilder().clearMetadataProps();
    for (StringStringEntryProto e : model.getMetadataPropsList()) {
      wrongLabels.addMetadataProps(
          e.getKey().equals("mtc.labels.topic")
              ? e.toBuilder().setValue("[\"food\",\"sport\",\"tech\",\"music\"]").build()
              : e);
    }
    Path mismatch = tmp.resolve("mismatch.onnx");
    OnnxExport.write(wrongLabels.build(), mismatch);
    assertThatThrownBy(() -> ExportedModel.open(mismatch, OnnxSettings.DEFAULTS))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(mismatch.toString())
        .hasMessageContaining("'topic'")
        .hasMessageContaining("4 labels");

    GraphBuilder g = new GraphBuilder("wrong");
    String x = g.input("ids", TensorProto.DataType.FLOAT, "batch", 4);
    g.output(
        g.opNamed("pooled", "Identity", new String[] {x}, Map.of()),
        TensorProto.DataType.FLOAT,
        "batch",
        4);
    Path wrongInputs = tmp.resolve("wrong-inputs.onnx");
    OnnxExport.write(g.build("", Map.of()), wrongInputs);
    Config onnx =
        ToyModel.settings(
            "onnx", "mtc.backbone.onnx.graph = " + ConfigUtil.quoteString(wrongInputs.toString()));
    assertThatThrownBy(
            () ->
                EngineFixtures.ENGINES.open(
                    BackboneSpec.from(onnx, modelDir.resolve("model/backbone"))))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(wrongInputs.toString())
        .hasMessageContaining("no input 'input_ids'");
  }

  private static int argmax(float[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return best;
  }
}
