package org.mtc.core.io;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mtc.core.MtcException;

/**
 * Reads and writes the safetensors format (8-byte little-endian header length, JSON header,
 * little-endian data) for fp32 tensors, without any engine. F16 and BF16 tensors are widened to
 * fp32 on read; other dtypes are refused with a message. Writes are atomic. Stateless and
 * thread-safe.
 */
public final class Safetensors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_HEADER = 100L << 20;

  private Safetensors() {}

  /** All tensors of {@code file} by name, in file order. */
  public static Map<String, FloatTensor> read(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long headerLength = readHeaderLength(ch, file);
      Map<String, Object> entries = readHeader(ch, headerLength, file);
      long dataStart = 8 + headerLength;
      Map<String, FloatTensor> out = new LinkedHashMap<>();
      for (var e : entries.entrySet()) {
        if (e.getKey().equals("__metadata__")) {
          continue;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) e.getValue();
        out.put(e.getKey(), readTensor(ch, file, dataStart, e.getKey(), info));
      }
      return out;
    } catch (NoSuchFileException e) {
      throw new MtcException(
          "missing weights file " + file + "; the model directory is incomplete");
    } catch (IOException e) {
      throw new MtcException("could not read safetensors file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The 8-byte header length at the start of {@code ch}, checked against the file's size. */
  private static long readHeaderLength(FileChannel ch, Path file) throws IOException {
    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, len, file);
    long headerLength = len.flip().getLong();
    if (headerLength <= 0 || headerLength > MAX_HEADER || headerLength > ch.size() - 8) {
      throw new MtcException(
          file
              + " is not a safetensors file (header length "
              + headerLength
              + " does not fit a file of "
              + ch.size()
              + " bytes); re-create it, e.g. with `mtc import`");
    }
    return headerLength;
  }

  /** The JSON header that follows the header length, its entries in file order. */
  private static Map<String, Object> readHeader(FileChannel ch, long headerLength, Path file)
      throws IOException {
    ByteBuffer header = ByteBuffer.allocate((int) headerLength);
    readFully(ch, header, file);
    return JSON.readValue(
        new String(header.array(), StandardCharsets.UTF_8),
        new TypeReference<LinkedHashMap<String, Object>>() {});
  }

  /**
   * Reads, widens to fp32 and checks the tensor {@code name} that the header entry {@code info}
   * places at {@code data_offsets} after {@code dataStart}.
   */
  private static FloatTensor readTensor(
      FileChannel ch, Path file, long dataStart, String name, Map<String, Object> info)
      throws IOException {
    String dtype = (String) info.get("dtype");
    long[] shape =
        ((List<?>) info.get("shape")).stream().mapToLong(o -> ((Number) o).longValue()).toArray();
    List<?> offsets = (List<?>) info.get("data_offsets");
    long begin = ((Number) offsets.get(0)).longValue();
    long end = ((Number) offsets.get(1)).longValue();
    if (dataStart + end > ch.size()) {
      throw new MtcException(
          file
              + " is truncated: tensor '"
              + name
              + "' ends at byte "
              + (dataStart + end)
              + " but the file has "
              + ch.size()
              + "; re-create the file");
    }
    ByteBuffer data = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
    ch.position(dataStart + begin);
    readFully(ch, data, file);
    data.flip();
    float[] values = decode(dtype, data, file, name);
    int bad = firstNonFinite(values);
    if (bad >= 0) {
      throw new MtcException(
          file
              + ": tensor '"
              + name
              + "' holds "
              + values[bad]
              + " at element "
              + bad
              + ", so the file is corrupted (weights must be finite numbers); restore it from a backup, or "
              + "re-create it with `mtc train` or `mtc import`");
    }
    return new FloatTensor(shape, values);
  }

  private static float[] decode(String dtype, ByteBuffer data, Path file, String name) {
    switch (dtype) {
      case "F32":
        {
          float[] f = new float[data.remaining() / 4];
          data.asFloatBuffer().get(f);
          return f;
        }
      case "F16":
        {
          float[] f = new float[data.remaining() / 2];
          for (int i = 0; i < f.length; i++) {
            f[i] = halfToFloat(data.getShort());
          }
          return f;
        }
      case "BF16":
        {
          float[] f = new float[data.remaining() / 2];
          for (int i = 0; i < f.length; i++) {
            f[i] = Float.intBitsToFloat((data.getShort() & 0xffff) << 16);
          }
          return f;
        }
      default:
        throw new MtcException(
            file
                + ": tensor '"
                + name
                + "' has dtype "
                + dtype
                + "; mtc reads F32, F16 and BF16 weights");
    }
  }

  /** Index of the first NaN or infinite value, or -1 when all are finite. */
  public static int firstNonFinite(float[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        return i;
      }
    }
    return -1;
  }

  /** IEEE 754 half precision to single (Java 17 has no Float.float16ToFloat). */
  static float halfToFloat(short half) {
    int h = half & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant / 1024f / 16384f;
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, Path file) throws IOException {
    while (buf.hasRemaining()) {
      if (ch.read(buf) < 0) {
        throw new MtcException(file + " is truncated; re-create it");
      }
    }
  }

  /**
   * Writes {@code tensors} (names sorted, as the Python library does) as F32, atomically.
   *
   * @throws MtcException before writing anything if a tensor holds NaN or infinity (a diverged
   *     model must not replace a good file)
   */
  public static void write(
      Path file, Map<String, FloatTensor> tensors, Map<String, String> metadata) {
    requireFinite(file, tensors);
    Map<String, FloatTensor> sorted = new TreeMap<>(tensors);
    Map<String, Object> header = new LinkedHashMap<>();
    if (!metadata.isEmpty()) {
      header.put("__metadata__", metadata);
    }
    long offset = 0;
    List<FloatTensor> order = new ArrayList<>();
    for (var e : sorted.entrySet()) {
      long bytes = 4L * e.getValue().data().length;
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("dtype", "F32");
      info.put("shape", e.getValue().shape());
      info.put("data_offsets", new long[] {offset, offset + bytes});
      header.put(e.getKey(), info);
      order.add(e.getValue());
      offset += bytes;
    }
    byte[] headerBytes;
    try {
      byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
      int pad = (8 - json.length % 8) % 8;
      headerBytes = Arrays.copyOf(json, json.length + pad);
      Arrays.fill(headerBytes, json.length, headerBytes.length, (byte) ' ');
    } catch (IOException e) {
      throw new MtcException("could not encode safetensors header for " + file, e);
    }
    AtomicFiles.write(
        file,
        out -> {
          ByteBuffer len =
              ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length);
          out.write(len.array());
          out.write(headerBytes);
          ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
          for (FloatTensor t : order) {
            for (float v : t.data()) {
              if (!chunk.hasRemaining()) {
                out.write(chunk.array(), 0, chunk.position());
                chunk.clear();
              }
              chunk.putFloat(v);
            }
          }
          out.write(chunk.array(), 0, chunk.position());
        });
  }

  /** Refuses to write {@code file} when a tensor holds NaN or infinity, naming the first. */
  private static void requireFinite(Path file, Map<String, FloatTensor> tensors) {
    for (var e : tensors.entrySet()) {
      int bad = firstNonFinite(e.getValue().data());
      if (bad >= 0) {
        throw new MtcException(
            "not writing "
                + file
                + ": tensor '"
                + e.getKey()
                + "' holds "
                + e.getValue().data()[bad]
                + " at element "
                + bad
                + " (training diverged?); the previous file, if any, is left as it was. Lower "
                + "the learning rate (mtc.train.learning-rate) or the gradient clip (mtc.train.optimizer.clip-norm)");
      }
    }
  }

  public static void write(Path file, Map<String, FloatTensor> tensors) {
    write(file, tensors, Map.of());
  }

  /** Whether {@code file} exists (convenience for directory checks). */
  public static boolean exists(Path file) {
    return Files.isRegularFile(file);
  }
}
