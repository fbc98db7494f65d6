package org.mtc.onnx.graph;

import java.nio.file.Path;
import java.util.Map;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.model.EncoderConfig;
import org.mtc.core.model.EncoderLayout;

/**
 * The Hugging Face tensors of a BERT or DistilBERT encoder (linear weights {@code [out, in]}),
 * loaded strictly through core's {@link EncoderLayout} (the names and checks every engine shares).
 * Immutable and thread-safe.
 *
 * @param tensors by unprefixed Hugging Face name
 */
public record EncoderWeights(EncoderConfig config, Map<String, FloatTensor> tensors) {

  static EncoderLayout.LayerNames layer(EncoderConfig config, int l) {
    return new EncoderLayout(config).layer(l);
  }

  /** Reads and checks {@code file} against {@code config}. */
  public static EncoderWeights load(EncoderConfig config, Path file) {
    return new EncoderWeights(config, new EncoderLayout(config).load(file));
  }

  FloatTensor get(String name) {
    return tensors.get(name);
  }

  long parameterCount() {
    return tensors.values().stream().mapToLong(t -> t.data().length).sum();
  }
}
