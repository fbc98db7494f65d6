package org.mtc.onnx.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.MtcException;
import org.mtc.onnx.graph.GraphBuilder;
import org.mtc.onnx.graph.OnnxExport;
import org.mtc.onnx.proto.Onnx.TensorProto;

/**
 * {@link OnnxFiles#metadata(Path, String)} streams past the graph: it gives the metadata the full
 * parse gives, and refuses what is not ONNX or was cut short, naming the file.
 */
class OnnxMetadataStreamTest {
  @TempDir Path tmp;

  @Test
  void streamingGivesTheMetadataOfTheFullParseAndRefusesBadFiles() throws Exception {
    GraphBuilder g = new GraphBuilder("small");
    String x = g.input("ids", TensorProto.DataType.FLOAT, "batch", 4);
    g.output(
        g.opNamed("pooled", "Identity", new String[] {x}, Map.of()),
        TensorProto.DataType.FLOAT,
        "batch",
        4);
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("mtc.tasks.conf", "mtc.tasks { a { data = a } }");
    metadata.put("mtc.labels.a", "[\"x\",\"y\"]");
    metadata.put("big", "z".repeat(200_000));
    Path file = tmp.resolve("m.onnx");
    OnnxExport.write(g.build("doc", metadata), file);
    assertThat(OnnxFiles.metadata(file, "fix"))
        .containsExactlyEntriesOf(OnnxExport.metadata(OnnxFiles.read(file)));

    Path text = tmp.resolve("notes.onnx");
    Files.writeString(text, "this is not a model\n");
    assertThatThrownBy(() -> OnnxFiles.metadata(text, "pass a graph"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(text.toString())
        .hasMessageContaining("not an ONNX")
        .hasMessageContaining("pass a graph");
    byte[] bytes = Files.readAllBytes(file);
    Path cut = tmp.resolve("cut.onnx");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 1000));
    assertThatThrownBy(() -> OnnxFiles.metadata(cut, "fix"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(cut.toString());
    assertThatThrownBy(() -> OnnxFiles.metadata(tmp.resolve("missing.onnx"), "fix"))
        .hasMessageContaining("does not exist");
  }
}
