package org.mtc.bench.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mtc.core.MtcException;

/**
 * Bytes of tensor data in a safetensors file: its size less the 8-byte length and the JSON header.
 * For a model directory: the encoder ({@code backbone/model.safetensors}) and the heads ({@code
 * heads.safetensors}).
 */
public final class ParameterBytes {
  private ParameterBytes() {}

  /**
   * Encoder and head parameter bytes of a trained model directory ({@code MultitaskModel} layout).
   */
  public record Split(long encoder, long heads) {
    public long total() {
      return encoder + heads;
    }
  }

  public static Split of(Path modelDir) {
    return new Split(
        tensorBytes(modelDir.resolve("backbone").resolve("model.safetensors")),
        tensorBytes(modelDir.resolve("heads.safetensors")));
  }

  /** Tensor bytes of one safetensors file. */
  public static long tensorBytes(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(8);
      if (head.length < 8) {
        throw new MtcException(file + " is not a safetensors file (shorter than 8 bytes)");
      }
      long header = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getLong();
      return Files.size(file) - 8 - header;
    } catch (IOException e) {
      throw new MtcException("could not read " + file + ": " + e.getMessage(), e);
    }
  }
}
