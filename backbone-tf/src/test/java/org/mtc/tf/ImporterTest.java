package org.mtc.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.Pooling;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.io.Safetensors;
import org.mtc.core.model.EncoderConfig;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.core.testing.TinyModelDirectory;
import org.mtc.tf.importer.BertBaseImporter;
import org.mtc.tf.importer.DistilBertImporter;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/** The importers on small SavedModels written here with TF Java, and their errors on bad input. */
class ImporterTest {
  @TempDir Path tmp;

  /**
   * Writes a SavedModel-like directory: a checkpoint of {@code variables}, a saved_model.pb stub, a
   * vocab.
   */
  static Path savedModel(Path dir, Map<String, FloatTensor> variables, List<String> vocab)
      throws IOException {
    Files.createDirectories(dir.resolve("variables"));
    Files.createDirectories(dir.resolve("assets"));
    Files.write(dir.resolve("saved_model.pb"), new byte[0]);
    Files.write(dir.resolve("assets/vocab.txt"), vocab);
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      List<Op> assigns = new ArrayList<>();
      List<TFloat32> values = new ArrayList<>();
      for (var e : variables.entrySet()) {
        // the op builder takes a full name with '/' (Ops.withSubScope would make repeated scopes
        // unique)
        GraphOperation op =
            (GraphOperation)
                g.opBuilder("VariableV2", e.getKey(), g.baseScope())
                    .setAttr("shape", Shape.of(e.getValue().shape()))
                    .setAttr("dtype", DataType.DT_FLOAT)
                    .build();
        Output<TFloat32> v = op.output(0);
        TFloat32 t = Tensors.of(e.getValue());
        values.add(t);
        assigns.add(tf.assign(v, tf.constant(t)));
      }
      Session.Runner r = s.runner();
      assigns.forEach(r::addTarget);
      r.run().close();
      s.save(dir.resolve("variables/variables").toString());
      values.forEach(TFloat32::close);
    }
    return dir;
  }

  /** The tiny directory's weights under Google's TF names (kernels {@code [in, out]}). */
  static Map<String, FloatTensor> googleNames(Path hfDir) {
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    Safetensors.read(hfDir.resolve(HfBackboneDirectory.WEIGHTS))
        .forEach(
            (name, t) -> {
              String tf = BertBaseImporterAccess.tfName(name);
              out.put(tf, tf.endsWith("/kernel") ? BertBaseImporterAccess.transpose(t) : t);
            });
    return out;
  }

  @Test
  void importsASavedModelExactlyAndTheEnginesAgreeOnIt() throws IOException {
    Path hf =
        TinyModelDirectory.create(tmp.resolve("hf"), "bert", 128, 2, 2, 64, 64, "gelu_new", 3);
    Path sm = savedModel(tmp.resolve("sm"), googleNames(hf), TinyModelDirectory.VOCAB);
    Path out = BertBaseImporter.importFrom(sm, 2, tmp.resolve("out"), false);
    assertThat(HfBackboneDirectory.open(out).encoderConfig())
        .isEqualTo(HfBackboneDirectory.open(hf).encoderConfig());
    Map<String, FloatTensor> expected = Safetensors.read(hf.resolve(HfBackboneDirectory.WEIGHTS));
    assertThat(Safetensors.read(out.resolve(HfBackboneDirectory.WEIGHTS)))
        .containsExactlyInAnyOrderEntriesOf(expected);
    try (TfBackbone a = TfTestSpecs.open(hf, Pooling.CLS);
        TfBackbone b = TfTestSpecs.open(out, Pooling.CLS)) {
      assertThat(b.tokenIds(List.of("Hello, World!")))
          .isDeepEqualTo(a.tokenIds(List.of("Hello, World!")));
      assertThat(b.encode(Input.ofTexts(List.of("hello world"))))
          .isDeepEqualTo(a.encode(Input.ofTexts(List.of("hello world"))));
    }
    assertThatThrownBy(() -> BertBaseImporter.importFrom(sm, 2, out, false))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("--overwrite");
  }

  @Test
  void aSavedModelWithoutBertVariablesIsExplained() throws IOException {
    Path sm =
        savedModel(
            tmp.resolve("sm"),
            Map.of("module/other/w", FloatTensor.of(new float[] {1, 2})),
            TinyModelDirectory.VOCAB);
    assertThatThrownBy(() -> BertBaseImporter.importFrom(sm, 2, tmp.resolve("out"), false))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(sm.toString())
        .hasMessageContaining("module/bert/embeddings/word_embeddings")
        .hasMessageContaining("not found");
    assertThat(tmp.resolve("out")).doesNotExist();
    assertThatThrownBy(
            () -> BertBaseImporter.importFrom(tmp.resolve("nothing"), 2, tmp.resolve("out"), false))
        .isInstanceOf(MtcException.class);
  }

  @Test
  void aVocabularyThatDoesNotMatchTheEmbeddingsIsExplained() throws IOException {
    Path hf =
        TinyModelDirectory.create(tmp.resolve("hf"), "bert", 128, 2, 2, 64, 64, "gelu_new", 3);
    List<String> shortVocab = TinyModelDirectory.VOCAB.subList(0, 100);
    Path sm = savedModel(tmp.resolve("sm"), googleNames(hf), shortVocab);
    assertThatThrownBy(() -> BertBaseImporter.importFrom(sm, 2, tmp.resolve("out"), false))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("vocab.txt has 100 tokens")
        .hasMessageContaining(TinyModelDirectory.VOCAB.size() + " rows");
  }

  @Test
  void distilBertKeepsEveryOtherLayerAndFoldsTokenTypes() {
    Path bert = TinyModelDirectory.create(tmp.resolve("bert"), "bert", 32, 4, 4, 64, 64, "gelu", 4);
    Path distil = DistilBertImporter.importTo(bert, tmp.resolve("distil"), false);
    EncoderConfig c = HfBackboneDirectory.open(distil).encoderConfig();
    assertThat(c.modelType()).isEqualTo("distilbert");
    assertThat(c.numHiddenLayers()).isEqualTo(2);
    Map<String, FloatTensor> b = Safetensors.read(bert.resolve(HfBackboneDirectory.WEIGHTS));
    Map<String, FloatTensor> d = Safetensors.read(distil.resolve(HfBackboneDirectory.WEIGHTS));
    assertThat(d.get("transformer.layer.1.attention.q_lin.weight"))
        .isEqualTo(b.get("encoder.layer.2.attention.self.query.weight"));
    assertThat(d.get("transformer.layer.0.output_layer_norm.bias"))
        .isEqualTo(b.get("encoder.layer.0.output.LayerNorm.bias"));
    float[] pos = d.get("embeddings.position_embeddings.weight").data();
    assertThat(pos[32 * 5 + 7])
        .isEqualTo(
            b.get("embeddings.position_embeddings.weight").data()[32 * 5 + 7]
                + b.get("embeddings.token_type_embeddings.weight").data()[7]);
    assertThat(d.keySet()).noneMatch(k -> k.startsWith("encoder.") || k.contains("token_type"));
    try (TfBackbone tf = TfTestSpecs.open(distil, Pooling.MEAN)) {
      assertThat(tf.encode(Input.ofTexts(List.of("hello")))).hasDimensions(1, 32);
    }
    assertThatThrownBy(() -> DistilBertImporter.importTo(distil, tmp.resolve("again"), false))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("already a DistilBERT");
  }

  @Test
  void aDirectoryMixingBertAndDistilBertNamesIsExplained() {
    Path bert = TinyModelDirectory.create(tmp.resolve("bert"), "bert", 1);
    Path distil = TinyModelDirectory.create(tmp.resolve("distil"), "distilbert", 1);
    Map<String, FloatTensor> mixed =
        new LinkedHashMap<>(Safetensors.read(bert.resolve(HfBackboneDirectory.WEIGHTS)));
    mixed.putAll(Safetensors.read(distil.resolve(HfBackboneDirectory.WEIGHTS)));
    Safetensors.write(bert.resolve(HfBackboneDirectory.WEIGHTS), mixed);
    assertThatThrownBy(() -> TfTestSpecs.open(bert, Pooling.CLS))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("mixes BERT and DistilBERT");
  }
}
