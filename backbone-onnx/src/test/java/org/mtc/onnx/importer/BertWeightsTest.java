package org.mtc.onnx.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtc.core.MtcException;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.model.EncoderConfig;
import org.mtc.onnx.proto.Onnx.GraphProto;
import org.mtc.onnx.proto.Onnx.ModelProto;
import org.mtc.onnx.proto.Onnx.NodeProto;
import org.mtc.onnx.proto.Onnx.OperatorSetIdProto;
import org.mtc.onnx.proto.Onnx.TensorProto;

/** Synthetic tiny BERT graphs in torch.onnx's layout, written with the generated ONNX classes. */
class BertWeightsTest {
  static final EncoderConfig TINY = new EncoderConfig("bert", 10, 4, 1, 2, 8, 16, 2, 1e-12, "gelu");

  @Test
  void namesAndTransposesMatMulWeightsFromRawAndFloatData() {
    Map<String, FloatTensor> w =
        BertWeights.extract(reparse(tinyBert(List.of())).getGraph(), TINY, "tiny.onnx");
    assertThat(w.keySet()).containsExactlyElementsOf(BertWeights.expectedShapes(TINY).keySet());
    FloatTensor up = w.get("encoder.layer.0.intermediate.dense.weight");
    assertThat(up.shape()).containsExactly(8, 4);
    // stored [in=4, out=8] with value in*100+out, so HF [out, in] holds out + 100*in at [out][in]
    assertThat(up.data()[3 * 4 + 2]).isEqualTo(203f);
    assertThat(w.get("encoder.layer.0.output.dense.weight").shape()).containsExactly(4, 8);
    assertThat(w.get("embeddings.LayerNorm.bias").data()).containsExactly(0f, 1f, 2f, 3f);
  }

  @Test
  void aMatMulWhoseOutputFeedsNoBiasAddCannotBeNamed() {
    GraphProto g =
        tinyBert(List.of()).getGraph().toBuilder()
            .addInitializer(floats("onnx::MatMul_99", false, 4, 4))
            .addNode(node("MatMul", "/stray/MatMul", List.of("x", "onnx::MatMul_99"), "stray_out"))
            .build();
    assertThatThrownBy(() -> BertWeights.extract(g, TINY, "tiny.onnx"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(
            "tiny.onnx: cannot name MatMul weight 'onnx::MatMul_99' of node '/stray/MatMul'")
        .hasMessageContaining("feeds no Add node");
  }

  @Test
  void aMissingOrMisshapedTensorIsNamed() {
    ModelProto missing = tinyBert(List.of("encoder.layer.0.output.LayerNorm.weight"));
    assertThatThrownBy(() -> BertWeights.extract(missing.getGraph(), TINY, "tiny.onnx"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(
            "expected tensor 'encoder.layer.0.output.LayerNorm.weight' is missing");
    EncoderConfig wider = new EncoderConfig("bert", 12, 4, 1, 2, 8, 16, 2, 1e-12, "gelu");
    assertThatThrownBy(
            () -> BertWeights.extract(tinyBert(List.of()).getGraph(), wider, "tiny.onnx"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("tensor 'embeddings.word_embeddings.weight' has shape [10, 4]");
  }

  @Test
  void nonFloatTensorsAreRefused() {
    TensorProto ids =
        TensorProto.newBuilder()
            .setName("ids")
            .addDims(2)
            .setDataType(TensorProto.DataType.INT64_VALUE)
            .addInt64Data(1)
            .addInt64Data(2)
            .build();
    assertThatThrownBy(() -> OnnxFiles.toFloatTensor(ids, "m.onnx"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("m.onnx: tensor 'ids' has data type INT64");
  }

  /**
   * Serialises and parses back, so the test also covers writing ONNX with the generated classes.
   */
  static ModelProto reparse(ModelProto m) {
    return OnnxFiles.parse(m.toByteArray(), "tiny.onnx");
  }

  /**
   * A tiny BERT weight graph: HF-named embeddings, biases and LayerNorms, anonymous MatMul weights.
   */
  static ModelProto tinyBert(List<String> leaveOut) {
    GraphProto.Builder g = GraphProto.newBuilder().setName("tiny");
    List<TensorProto> init = new ArrayList<>();
    init.add(floats("embeddings.word_embeddings.weight", true, 10, 4));
    init.add(floats("embeddings.position_embeddings.weight", false, 16, 4));
    init.add(floats("embeddings.token_type_embeddings.weight", true, 2, 4));
    init.add(floats("embeddings.LayerNorm.weight", false, 4));
    init.add(floats("embeddings.LayerNorm.bias", true, 4));
    String p = "encoder.layer.0.";
    int n = 0;
    String[][] linears = {
      {"attention.self.query", "4", "4"},
      {"attention.self.key", "4", "4"},
      {"attention.self.value", "4", "4"},
      {"attention.output.dense", "4", "4"},
      {"intermediate.dense", "4", "8"},
      {"output.dense", "8", "4"}
    };
    for (String[] lin : linears) {
      int in = Integer.parseInt(lin[1]);
      int out = Integer.parseInt(lin[2]);
      String w = "onnx::MatMul_" + (700 + n);
      String matOut = "/" + lin[0] + "/MatMul_output_0";
      init.add(floats(w, n % 2 == 0, in, out));
      init.add(floats(p + lin[0] + ".bias", n % 2 == 1, out));
      g.addNode(node("MatMul", "/" + lin[0] + "/MatMul", List.of("h" + n, w), matOut));
      g.addNode(
          node("Add", "/" + lin[0] + "/Add", List.of(p + lin[0] + ".bias", matOut), "h" + (n + 1)));
      n++;
    }
    for (String ln : List.of("attention.output.LayerNorm", "output.LayerNorm")) {
      init.add(floats(p + ln + ".weight", true, 4));
      init.add(floats(p + ln + ".bias", false, 4));
    }
    init.stream().filter(t -> !leaveOut.contains(t.getName())).forEach(g::addInitializer);
    return ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("mtc-test")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
        .setGraph(g)
        .build();
  }

  /**
   * A tensor whose value at [i, j] is i*100+j (or i for a vector), stored as raw_data or
   * float_data.
   */
  static TensorProto floats(String name, boolean raw, int... dims) {
    int rows = dims.length == 1 ? 1 : dims[0];
    int cols = dims[dims.length - 1];
    TensorProto.Builder t =
        TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
    for (int d : dims) {
      t.addDims(d);
    }
    ByteBuffer bytes = ByteBuffer.allocate(rows * cols * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        float v = dims.length == 1 ? j : i * 100 + j;
        if (raw) {
          bytes.putFloat(v);
        } else {
          t.addFloatData(v);
        }
      }
    }
    return raw ? t.setRawData(ByteString.copyFrom(bytes.array())).build() : t.build();
  }

  static NodeProto node(String op, String name, List<String> inputs, String output) {
    return NodeProto.newBuilder()
        .setOpType(op)
        .setName(name)
        .addAllInput(inputs)
        .addOutput(output)
        .build();
  }
}
