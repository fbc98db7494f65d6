package org.mtc.onnx.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.MtcException;
import org.mtc.core.Pooling;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.io.Safetensors;
import org.mtc.core.model.EncoderConfig;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.onnx.proto.Onnx.ModelProto;
import org.mtc.onnx.proto.Onnx.TensorProto;

/**
 * Imports the real all-MiniLM-L6-v2 (90 MB) twice: once through the cache, once over a stale
 * directory.
 */
class MiniLmImporterTest {
  @TempDir static Path cache;
  static Path imported;
  static Map<String, FloatTensor> weights;

  @BeforeAll
  static void importOnce() {
    imported = MiniLmImporter.defaultBackbone(cache);
    weights = Safetensors.read(imported.resolve(HfBackboneDirectory.WEIGHTS));
  }

  @Test
  void writesEveryBertTensorWithItsHuggingFaceName() throws Exception {
    assertThat(imported).isEqualTo(cache.resolve("all-minilm-l6-v2"));
    Map<String, long[]> expected = BertWeights.expectedShapes(MiniLmImporter.CONFIG);
    assertThat(expected).hasSize(5 + 6 * 16).containsKey("encoder.layer.5.output.LayerNorm.bias");
    assertThat(weights.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach(
        (name, shape) -> assertThat(weights.get(name).shape()).as(name).containsExactly(shape));
    assertThat(weights.get("encoder.layer.0.intermediate.dense.weight").shape())
        .containsExactly(1536, 384);
    assertThat(weights.get("encoder.layer.0.output.dense.weight").shape())
        .containsExactly(384, 1536);
    assertThat(weights.get("embeddings.word_embeddings.weight").shape())
        .containsExactly(30522, 384);
    assertThat(Files.list(cache).map(p -> p.getFileName().toString()))
        .containsExactly("all-minilm-l6-v2");
  }

  @Test
  void linearWeightsAreTheOnnxMatMulWeightsTransposed() throws Exception {
    ModelProto onnx;
    try (var in = MiniLmImporter.openOriginalOnnx()) {
      onnx = OnnxFiles.read(in, "original");
    }
    Map<String, TensorProto> init = OnnxFiles.initializers(onnx.getGraph());
    Map<String, String> names = BertWeights.nameMatMulWeights(onnx.getGraph(), init, "original");
    assertThat(names)
        .hasSize(36)
        .allSatisfy((onnxName, hf) -> assertThat(onnxName).startsWith("onnx::MatMul_"));
    String onnxName =
        names.entrySet().stream()
            .filter(e -> e.getValue().equals("encoder.layer.3.intermediate.dense.weight"))
            .findFirst()
            .orElseThrow()
            .getKey();
    FloatTensor original = OnnxFiles.toFloatTensor(init.get(onnxName), "original");
    assertThat(original.shape()).containsExactly(384, 1536);
    FloatTensor hf = weights.get("encoder.layer.3.intermediate.dense.weight");
    Random r = new Random(7);
    for (int k = 0; k < 100; k++) {
      int in = r.nextInt(384);
      int out = r.nextInt(1536);
      assertThat(hf.data()[out * 384 + in]).isEqualTo(original.data()[in * 1536 + out]);
    }
    assertThat(weights.get("encoder.layer.3.intermediate.dense.bias"))
        .isEqualTo(
            OnnxFiles.toFloatTensor(
                init.get("encoder.layer.3.intermediate.dense.bias"), "original"));
  }

  @Test
  void configTokenizerAndPoolingAreHuggingFaceLayout() throws Exception {
    HfBackboneDirectory dir = HfBackboneDirectory.open(imported);
    EncoderConfig config = dir.encoderConfig();
    assertThat(config)
        .isEqualTo(new EncoderConfig("bert", 30522, 384, 6, 12, 1536, 512, 2, 1e-12, "gelu"));
    assertThat(dir.resolve(Pooling.AUTO)).isEqualTo(Pooling.MEAN);
    JsonNode tokenizer = new ObjectMapper().readTree(dir.tokenizer().toFile());
    assertThat(tokenizer.get("truncation").isNull()).isTrue();
    assertThat(tokenizer.get("padding").isNull()).isTrue();
    assertThat(tokenizer.at("/model/vocab").size()).isEqualTo(30522);
    assertThat(new ObjectMapper().readTree(dir.config().toFile()).get("hidden_act").asText())
        .isEqualTo("gelu");
  }

  @Test
  void secondDefaultBackboneCallReusesTheCache() throws Exception {
    var before = Files.getLastModifiedTime(imported.resolve(HfBackboneDirectory.WEIGHTS));
    assertThat(MiniLmImporter.defaultBackbone(cache)).isEqualTo(imported);
    assertThat(Files.getLastModifiedTime(imported.resolve(HfBackboneDirectory.WEIGHTS)))
        .isEqualTo(before);
  }

  @Test
  void anIncompleteCachedDirectoryIsReported(@TempDir Path other) throws Exception {
    Files.createDirectories(other.resolve("all-minilm-l6-v2"));
    Files.writeString(other.resolve("all-minilm-l6-v2/config.json"), "{}");
    assertThatThrownBy(() -> MiniLmImporter.defaultBackbone(other))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("is incomplete")
        .hasMessageContaining("delete it");
  }

  @Test
  void refusesToOverwriteANonEmptyDirectoryAndReplacesItWhenAsked(@TempDir Path tmp)
      throws Exception {
    Path out = tmp.resolve("model");
    Files.createDirectories(out);
    Files.writeString(out.resolve("stale.txt"), "old");
    assertThatThrownBy(() -> MiniLmImporter.importTo(out))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(out + " already exists and is not empty")
        .hasMessageContaining("--overwrite");
    assertThat(out.resolve("stale.txt")).hasContent("old");
    assertThatThrownBy(() -> MiniLmImporter.importTo(out, true))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("--out " + out + " holds files that no mtc import writes (stale.txt)")
        .hasMessageContaining("never replaced, even with --overwrite");
    assertThat(out.resolve("stale.txt"))
        .as("a folder of other files is never replaced")
        .hasContent("old");
    Path file = Files.writeString(tmp.resolve("notes.txt"), "mine");
    assertThatThrownBy(() -> MiniLmImporter.importTo(file, true)).hasMessageContaining("is a file");
    assertThat(file).hasContent("mine");
    Files.delete(file);

    Files.delete(out.resolve("stale.txt"));
    Files.writeString(
        out.resolve(HfBackboneDirectory.CONFIG), "{}"); // an earlier import, half-written
    Files.writeString(out.resolve(".model.safetensors.8123.tmp"), "killed while writing");
    MiniLmImporter.importTo(out, true);
    assertThat(out.resolve(".model.safetensors.8123.tmp")).doesNotExist();
    assertThat(Files.size(out.resolve(HfBackboneDirectory.WEIGHTS)))
        .isEqualTo(Files.size(imported.resolve(HfBackboneDirectory.WEIGHTS)));
    assertThat(Files.list(tmp).map(p -> p.getFileName().toString())).containsExactly("model");
  }

  @Test
  void aFileThatIsNotOnnxIsRefusedByName(@TempDir Path tmp) throws Exception {
    Path garbage = tmp.resolve("garbage.onnx");
    byte[] bytes = new byte[4096];
    new Random(1).nextBytes(bytes);
    Files.write(garbage, bytes);
    Path text = tmp.resolve("readme.onnx");
    Files.writeString(text, "this is not a model, just some text\n");
    Path tokenizer = imported.resolve(HfBackboneDirectory.TOKENIZER);
    for (Path bad : new Path[] {garbage, text}) {
      assertThatThrownBy(() -> MiniLmImporter.importFrom(bad, tokenizer, tmp.resolve("out"), false))
          .isInstanceOf(MtcException.class)
          .hasMessageContaining(bad + " is not an ONNX model");
    }
    assertThat(tmp.resolve("out")).doesNotExist();
  }
}
