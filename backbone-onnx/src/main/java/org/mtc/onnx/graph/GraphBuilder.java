package org.mtc.onnx.graph;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.mtc.core.io.FloatTensor;
import org.mtc.onnx.proto.Onnx.AttributeProto;
import org.mtc.onnx.proto.Onnx.GraphProto;
import org.mtc.onnx.proto.Onnx.ModelProto;
import org.mtc.onnx.proto.Onnx.NodeProto;
import org.mtc.onnx.proto.Onnx.OperatorSetIdProto;
import org.mtc.onnx.proto.Onnx.StringStringEntryProto;
import org.mtc.onnx.proto.Onnx.TensorProto;
import org.mtc.onnx.proto.Onnx.TensorShapeProto;
import org.mtc.onnx.proto.Onnx.TypeProto;
import org.mtc.onnx.proto.Onnx.ValueInfoProto;

/**
 * Appends ONNX nodes, initializers, inputs and outputs to one graph and finishes it as a {@link
 * ModelProto} (IR version 8, default-domain opset {@value #OPSET}). Node outputs get unique names
 * from a counter. Not thread-safe: one builder per graph being written.
 */
public final class GraphBuilder {
  /** The default-domain operator set the written graphs use. */
  public static final int OPSET = 17;

  static final int IR_VERSION = 8;

  private final GraphProto.Builder graph = GraphProto.newBuilder();

  /** ONNX Runtime's contrib operator domain. */
  public static final String MS_DOMAIN = "com.microsoft";

  private final String prefix;
  private boolean usesMsDomain;
  private int counter;

  public GraphBuilder(String name) {
    graph.setName(name);
    this.prefix = "";
  }

  /** Continues an existing graph (its nodes, initializers, inputs and the outputs it keeps). */
  public GraphBuilder(GraphProto.Builder existing) {
    graph.mergeFrom(existing.build());
    usesMsDomain = existing.getNodeList().stream().anyMatch(n -> n.getDomain().equals(MS_DOMAIN));
    this.prefix = "x" + existing.getNodeCount() + "/";
  }

  /**
   * Adds a graph input of element type {@code type} ({@link TensorProto.DataType}); dims are ints
   * or names.
   */
  public String input(String name, TensorProto.DataType type, Object... dims) {
    graph.addInput(valueInfo(name, type, dims));
    return name;
  }

  /** Declares {@code value} (a node output) as a graph output. */
  public void output(String value, TensorProto.DataType type, Object... dims) {
    graph.addOutput(valueInfo(value, type, dims));
  }

  /** An fp32 initializer named {@code name}, data little-endian in {@code raw_data}. */
  public String weight(String name, FloatTensor t) {
    ByteBuffer b = ByteBuffer.allocate(t.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(t.data());
    TensorProto.Builder p =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT_VALUE)
            .setRawData(ByteString.copyFrom(b.array()));
    for (long d : t.shape()) {
      p.addDims(d);
    }
    graph.addInitializer(p);
    return name;
  }

  /** An int8 initializer named {@code name} of shape {@code dims}, data in {@code raw_data}. */
  public String int8(String name, byte[] values, long... dims) {
    TensorProto.Builder p =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.INT8_VALUE)
            .setRawData(ByteString.copyFrom(values));
    for (long d : dims) {
      p.addDims(d);
    }
    graph.addInitializer(p);
    return name;
  }

  /** A float constant of the given shape ({@code []} for a scalar). */
  public String constant(float value, long... shape) {
    String name = prefix + "const/" + counter++;
    TensorProto.Builder p =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT_VALUE)
            .addFloatData(value);
    for (long d : shape) {
      p.addDims(d);
    }
    graph.addInitializer(p);
    return name;
  }

  /** An int64 constant vector ({@code scalar} true: a rank-0 tensor of its single value). */
  public String ints(boolean scalar, long... values) {
    String name = prefix + "const/" + counter++;
    TensorProto.Builder p =
        TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE);
    for (long v : values) {
      p.addInt64Data(v);
    }
    if (!scalar) {
      p.addDims(values.length);
    }
    graph.addInitializer(p);
    return name;
  }

  /** One node of the default domain with a fresh output name; returns that name. */
  public String op(String opType, String[] inputs, Map<String, Object> attributes) {
    return opNamed(prefix + opType + "/" + counter++, opType, inputs, attributes);
  }

  public String op(String opType, String... inputs) {
    return op(opType, inputs, Map.of());
  }

  /** One node of the default domain with {@code outputs} fresh output names; returns them. */
  public String[] ops(String opType, int outputs, String... inputs) {
    String[] names = new String[outputs];
    for (int i = 0; i < outputs; i++) {
      names[i] = prefix + opType + "/" + counter++;
    }
    NodeProto.Builder n =
        NodeProto.newBuilder().setOpType(opType).setName(prefix + "n" + counter++);
    for (String in : inputs) {
      n.addInput(in);
    }
    for (String out : names) {
      n.addOutput(out);
    }
    graph.addNode(n);
    return names;
  }

  /**
   * One node of ONNX Runtime's {@value #MS_DOMAIN} domain (fused transformer kernels) with a fresh
   * output.
   */
  public String msOp(String opType, String[] inputs, Map<String, Object> attributes) {
    usesMsDomain = true;
    String out = op(opType, inputs, attributes);
    int last = graph.getNodeCount() - 1;
    graph.setNode(last, graph.getNode(last).toBuilder().setDomain(MS_DOMAIN));
    return out;
  }

  /**
   * One node whose single output is called {@code output} (e.g. a graph output such as {@code
   * pooled}).
   */
  public String opNamed(
      String output, String opType, String[] inputs, Map<String, Object> attributes) {
    NodeProto.Builder n =
        NodeProto.newBuilder()
            .setOpType(opType)
            .setName(prefix + "n" + counter++)
            .addOutput(output);
    for (String in : inputs) {
      n.addInput(in);
    }
    attributes.forEach((k, v) -> n.addAttribute(attribute(k, v)));
    graph.addNode(n);
    return output;
  }

  /** The finished model with {@code metadata} as its {@code metadata_props}. */
  public ModelProto build(String docString, Map<String, String> metadata) {
    ModelProto.Builder m =
        ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .setProducerName("mtc")
            .setProducerVersion("0.1")
            .setDocString(docString)
            .setGraph(graph)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
    if (usesMsDomain) {
      m.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(MS_DOMAIN).setVersion(1));
    }
    metadata.forEach(
        (k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return m.build();
  }

  private static AttributeProto attribute(String name, Object v) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
    if (v instanceof Integer || v instanceof Long) {
      a.setType(AttributeProto.AttributeType.INT).setI(((Number) v).longValue());
    } else if (v instanceof Float || v instanceof Double) {
      a.setType(AttributeProto.AttributeType.FLOAT).setF(((Number) v).floatValue());
    } else if (v instanceof long[] ints) {
      a.setType(AttributeProto.AttributeType.INTS);
      for (long i : ints) {
        a.addInts(i);
      }
    } else {
      throw new IllegalArgumentException("attribute " + name + ": unsupported value " + v);
    }
    return a.build();
  }

  private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d instanceof Number n) {
        dim.setDimValue(n.longValue());
      } else {
        dim.setDimParam(d.toString());
      }
      shape.addDim(dim);
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
        .build();
  }
}
