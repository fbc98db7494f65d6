package org.mtc.onnx.importer;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.core.io.FloatTensor;
import org.mtc.onnx.proto.Onnx;
import org.mtc.onnx.proto.Onnx.GraphProto;
import org.mtc.onnx.proto.Onnx.ModelProto;
import org.mtc.onnx.proto.Onnx.TensorProto;

/**
 * Reads ONNX model files (the protobuf {@code ModelProto}) and converts their fp32 initializers to
 * {@link FloatTensor}s. Handles both encodings of tensor data: {@code raw_data} (little-endian
 * bytes) and the typed {@code float_data} field. Stateless and thread-safe.
 */
public final class OnnxFiles {
  private OnnxFiles() {}

  private static final String IMPORTABLE =
      "pass a .onnx file exported with torch.onnx or optimum, e.g. " + "all-minilm-l6-v2.onnx";

  /** Parses the ONNX model in {@code file}; fails with a message when it is missing or not ONNX. */
  public static ModelProto read(Path file) {
    return read(file, IMPORTABLE);
  }

  /**
   * As {@link #read(Path)}, ending a message about a file that is not ONNX with {@code fix}, what
   * to pass instead.
   */
  public static ModelProto read(Path file, String fix) {
    return parse(bytes(file), file.toString(), fix);
  }

  /**
   * The {@code metadata_props} of the ONNX model in {@code file}, read by streaming through it: the
   * graph and its weights are skipped, never held in memory (a server opening a graph keeps its
   * heap small). Fails as {@link #read(Path, String)} does when the file is missing, not ONNX or
   * cut short.
   */
  public static Map<String, String> metadata(Path file, String fix) {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new MtcException("ONNX model " + file + " does not exist; check the path");
    } catch (IOException e) {
      throw new MtcException("could not read ONNX model " + file + ": " + e.getMessage(), e);
    }
    int shownSize = (int) Math.min(Integer.MAX_VALUE, size);
    Map<String, String> metadata = new LinkedHashMap<>();
    long irVersion = 0;
    boolean graph = false;
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      CodedInputStream in = CodedInputStream.newInstance(raw);
      in.setSizeLimit(Integer.MAX_VALUE);
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        int field = WireFormat.getTagFieldNumber(tag);
        if (field == ModelProto.IR_VERSION_FIELD_NUMBER && WireFormat.getTagWireType(tag) == 0) {
          irVersion = in.readInt64();
        } else if (field == ModelProto.METADATA_PROPS_FIELD_NUMBER) {
          var entry = Onnx.StringStringEntryProto.parseFrom(in.readBytes());
          metadata.put(entry.getKey(), entry.getValue());
        } else {
          graph |= field == ModelProto.GRAPH_FIELD_NUMBER;
          if (!in.skipField(tag)) {
            break;
          }
        }
      }
    } catch (IOException e) {
      throw notOnnx(
          file.toString(),
          shownSize,
          "it does not parse as a protobuf ModelProto: " + e.getMessage(),
          fix);
    }
    if (irVersion <= 0 || !graph) {
      throw notOnnx(
          file.toString(),
          shownSize,
          "it has no " + (irVersion <= 0 ? "ir_version" : "graph"),
          fix);
    }
    return metadata;
  }

  /**
   * The bytes of an ONNX file, with the errors of {@link #read(Path)} for a missing or unreadable
   * one.
   */
  private static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new MtcException("ONNX model " + file + " does not exist; check the path");
    } catch (IOException e) {
      throw new MtcException("could not read ONNX model " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses an ONNX model from {@code in} (read to the end, not closed).
   *
   * @param where names the source in error messages (a file name or a classpath resource)
   */
  public static ModelProto read(InputStream in, String where) {
    try {
      return parse(in.readAllBytes(), where);
    } catch (IOException e) {
      throw new MtcException("could not read ONNX model " + where + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses ONNX bytes; tensor data aliases {@code bytes}, which the caller must not change
   * afterwards.
   */
  public static ModelProto parse(byte[] bytes, String where) {
    return parse(bytes, where, IMPORTABLE);
  }

  private static ModelProto parse(byte[] bytes, String where, String fix) {
    ModelProto model;
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      in.enableAliasing(true);
      model = ModelProto.parseFrom(in);
    } catch (IOException e) {
      throw notOnnx(
          where,
          bytes.length,
          "it does not parse as a protobuf ModelProto: " + e.getMessage(),
          fix);
    }
    if (model.getIrVersion() <= 0 || !model.hasGraph()) {
      throw notOnnx(
          where,
          bytes.length,
          "it has no " + (model.getIrVersion() <= 0 ? "ir_version" : "graph"),
          fix);
    }
    return model;
  }

  private static MtcException notOnnx(String where, int size, String why, String fix) {
    return new MtcException(
        where + " is not an ONNX model (" + size + " bytes; " + why + "); " + fix);
  }

  /** Initializers of {@code graph} by name, in file order. */
  public static Map<String, TensorProto> initializers(GraphProto graph) {
    Map<String, TensorProto> out = new LinkedHashMap<>();
    for (TensorProto t : graph.getInitializerList()) {
      out.put(t.getName(), t);
    }
    return out;
  }

  /**
   * The values of an fp32 tensor with its ONNX shape.
   *
   * @param where names the model in error messages
   * @throws MtcException if the tensor is not fp32, is stored externally, or its value count does
   *     not match
   */
  public static FloatTensor toFloatTensor(TensorProto t, String where) {
    String name = where + ": tensor '" + t.getName() + "'";
    if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
      TensorProto.DataType type = TensorProto.DataType.forNumber(t.getDataType());
      throw new MtcException(
          name
              + " has data type "
              + (type == null ? t.getDataType() : type)
              + "; mtc imports FLOAT (fp32) weights only: export the model in fp32, not quantized");
    }
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      throw new MtcException(
          name
              + " keeps its data in an external file; mtc reads self-contained models: "
              + "re-save with onnx.save(model, path, save_as_external_data=False)");
    }
    long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    float[] data;
    if (t.hasRawData()) {
      if (t.getRawData().size() != count * 4) {
        throw new MtcException(
            name
                + " has "
                + t.getRawData().size()
                + " bytes of raw_data, but its shape "
                + t.getDimsList()
                + " needs "
                + count * 4
                + "; the model file is corrupt");
      }
      data = new float[(int) count];
      t.getRawData()
          .asReadOnlyByteBuffer()
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .get(data);
    } else {
      if (t.getFloatDataCount() != count) {
        throw new MtcException(
            name
                + " has "
                + t.getFloatDataCount()
                + " float_data values, but its shape "
                + t.getDimsList()
                + " needs "
                + count
                + "; the model file is corrupt");
      }
      data = new float[(int) count];
      for (int i = 0; i < data.length; i++) {
        data[i] = t.getFloatData(i);
      }
    }
    return new FloatTensor(shape, data);
  }

  /**
   * {@code [rows, cols]} to {@code [cols, rows]}: ONNX {@code MatMul} weights {@code [in, out]} to
   * HF {@code [out, in]}.
   */
  public static FloatTensor transpose(FloatTensor m) {
    if (m.shape().length != 2) {
      throw new MtcException("expected a matrix to transpose, got shape " + m.shapeString());
    }
    int rows = (int) m.shape()[0];
    int cols = (int) m.shape()[1];
    float[] src = m.data();
    float[] dst = new float[src.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        dst[c * rows + r] = src[r * cols + c];
      }
    }
    return new FloatTensor(new long[] {cols, rows}, dst);
  }
}
