package org.mtc.onnx.graph;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.mtc.core.MtcException;

/**
 * How an exported graph stores and multiplies the encoder's weights. {@link #NONE}: fp32. {@link
 * #INT8}: dynamic quantization, the dense layers' weights int8 with one scale per output channel
 * (symmetric, zero point 0), the activations quantized to uint8 at run time, per tensor ({@link
 * QuantizedMatMul}); the word embeddings stored int8 per row, dequantized as they are looked up
 * ({@link QuantizedGather}); the heads' poolers as the dense layers; position and token type
 * embeddings, LayerNorm, attention scores, softmax, pooling and the heads' classifiers stay fp32. A
 * quantized file records its scheme in the metadata {@value #METADATA_KEY}.
 */
public enum Quantization {
  /** fp32 weights (no metadata key is written). */
  NONE("none", ""),
  /** int8 weights per output channel, activations quantized at run time. */
  INT8("int8", "int8-dynamic-per-channel");

  /** The metadata key of a quantized graph; its value is {@link #metadataValue()}. */
  public static final String METADATA_KEY = "mtc.quantization";

  private final String scheme;
  private final String metadataValue;

  Quantization(String scheme, String metadataValue) {
    this.scheme = scheme;
    this.metadataValue = metadataValue;
  }

  /** The name {@code mtc export onnx --quantize} takes. */
  public String scheme() {
    return scheme;
  }

  /** The value of {@value #METADATA_KEY} in a graph quantized so. */
  public String metadataValue() {
    return metadataValue;
  }

  /**
   * The scheme called {@code name} ({@code int8}); anything else is an error that lists the
   * schemes.
   *
   * @param where names the option or setting in the error (e.g. {@code --quantize})
   */
  public static Quantization parse(String name, String where) {
    for (Quantization q : values()) {
      if (q != NONE && q.scheme.equals(name.toLowerCase(Locale.ROOT))) {
        return q;
      }
    }
    throw new MtcException(
        where
            + " "
            + name
            + " is not a quantization scheme; the schemes are: "
            + Arrays.stream(values()).filter(q -> q != NONE).map(Quantization::scheme).toList()
            + " (int8: weights int8 per output channel, activations quantized at run time)");
  }

  /** The scheme a graph's metadata records ({@link #NONE} where it records none). */
  public static Quantization of(Map<String, String> metadata) {
    String v = metadata.get(METADATA_KEY);
    if (v == null) {
      return NONE;
    }
    for (Quantization q : values()) {
      if (q.metadataValue.equals(v)) {
        return q;
      }
    }
    throw new MtcException(
        "metadata "
            + METADATA_KEY
            + " = '"
            + v
            + "' names no quantization this mtc knows ("
            + INT8.metadataValue
            + "); the file was written by a newer mtc, use that version");
  }
}
