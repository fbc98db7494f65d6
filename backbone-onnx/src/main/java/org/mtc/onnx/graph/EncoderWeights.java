package org.mtc.onnx.graph;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.io.Safetensors;
import org.mtc.core.model.EncoderConfig;

/**
 * The Hugging Face tensors of a BERT or DistilBERT encoder (linear weights {@code [out, in]}), loaded strictly
 * from a {@code model.safetensors}: a {@code bert.}/{@code distilbert.} prefix is accepted, other tensors are
 * ignored, a missing or misshaped tensor is an error naming the file. Mirrors backbone-djl's {@code TensorLayout}
 * (same names, same checks) without depending on DJL. Immutable and thread-safe.
 *
 * @param tensors by unprefixed Hugging Face name
 */
public record EncoderWeights(EncoderConfig config, Map<String, FloatTensor> tensors) {
  private static final String[] PREFIXES = {"bert.", "distilbert."};

  /** Names of one layer's tensors, without {@code .weight}/{@code .bias}. */
  record LayerNames(String query, String key, String value, String attentionOutput, String attentionNorm,
      String intermediate, String output, String outputNorm) {
  }

  static LayerNames layer(EncoderConfig config, int l) {
    if (config.distilbert()) {
      String p = "transformer.layer." + l + ".";
      return new LayerNames(p + "attention.q_lin", p + "attention.k_lin", p + "attention.v_lin",
          p + "attention.out_lin", p + "sa_layer_norm", p + "ffn.lin1", p + "ffn.lin2", p + "output_layer_norm");
    }
    String p = "encoder.layer." + l + ".";
    return new LayerNames(p + "attention.self.query", p + "attention.self.key", p + "attention.self.value",
        p + "attention.output.dense", p + "attention.output.LayerNorm", p + "intermediate.dense",
        p + "output.dense", p + "output.LayerNorm");
  }

  /** Every tensor the encoder needs with its expected shape. */
  static Map<String, long[]> expectedShapes(EncoderConfig c) {
    long h = c.hiddenSize();
    long ff = c.intermediateSize();
    Map<String, long[]> s = new LinkedHashMap<>();
    s.put("embeddings.word_embeddings.weight", new long[] {c.vocabSize(), h});
    s.put("embeddings.position_embeddings.weight", new long[] {c.maxPositionEmbeddings(), h});
    if (!c.distilbert()) {
      s.put("embeddings.token_type_embeddings.weight", new long[] {Math.max(1, c.typeVocabSize()), h});
    }
    pair(s, "embeddings.LayerNorm", new long[] {h}, new long[] {h});
    for (int l = 0; l < c.numHiddenLayers(); l++) {
      LayerNames n = layer(c, l);
      for (String lin : new String[] {n.query(), n.key(), n.value(), n.attentionOutput()}) {
        pair(s, lin, new long[] {h, h}, new long[] {h});
      }
      pair(s, n.attentionNorm(), new long[] {h}, new long[] {h});
      pair(s, n.intermediate(), new long[] {ff, h}, new long[] {ff});
      pair(s, n.output(), new long[] {h, ff}, new long[] {h});
      pair(s, n.outputNorm(), new long[] {h}, new long[] {h});
    }
    return s;
  }

  private static void pair(Map<String, long[]> s, String name, long[] weight, long[] bias) {
    s.put(name + ".weight", weight);
    s.put(name + ".bias", bias);
  }

  /** Reads and checks {@code file} against {@code config}. */
  public static EncoderWeights load(EncoderConfig config, Path file) {
    Map<String, FloatTensor> raw = Safetensors.read(file);
    Map<String, FloatTensor> byName = new LinkedHashMap<>();
    raw.forEach((name, t) -> {
      String n = name;
      for (String p : PREFIXES) {
        if (n.startsWith(p)) {
          n = n.substring(p.length());
          break;
        }
      }
      byName.putIfAbsent(n, t);
    });
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    for (var e : expectedShapes(config).entrySet()) {
      FloatTensor t = byName.get(e.getKey());
      if (t == null) {
        throw new MtcException(file + ": tensor '" + e.getKey() + "' is missing (expected shape "
            + Arrays.toString(e.getValue()) + " for a " + config.modelType() + " with hidden size "
            + config.hiddenSize() + " and " + config.numHiddenLayers() + " layers); the weights do not match "
            + "config.json, re-export or re-import the model");
      }
      if (!t.hasShape(e.getValue())) {
        throw new MtcException(file + ": tensor '" + e.getKey() + "' has shape " + t.shapeString() + ", expected "
            + Arrays.toString(e.getValue()) + " from config.json; the weights and config.json disagree");
      }
      out.put(e.getKey(), t);
    }
    return new EncoderWeights(config, out);
  }

  FloatTensor get(String name) {
    return tensors.get(name);
  }

  long parameterCount() {
    return tensors.values().stream().mapToLong(t -> t.data().length).sum();
  }
}
