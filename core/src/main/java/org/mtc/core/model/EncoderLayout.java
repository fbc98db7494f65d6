package org.mtc.core.model;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.mtc.core.MtcException;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.io.Safetensors;

/**
 * The Hugging Face tensor names and shapes of a BERT or DistilBERT encoder (linear weights {@code
 * [out, in]}), and the strict loading of a {@code model.safetensors} against them. Engine-neutral:
 * every engine builds its encoder from these names. Immutable and thread-safe.
 */
public record EncoderLayout(EncoderConfig config) {
  /**
   * Prefixes a task model (e.g. {@code BertForSequenceClassification}) puts before the encoder's
   * names.
   */
  private static final String[] PREFIXES = {"bert.", "distilbert."};

  /**
   * One layer's tensor names without {@code .weight}/{@code .bias}, in the order of the
   * computation.
   */
  public record LayerNames(
      String query,
      String key,
      String value,
      String attentionOutput,
      String attentionNorm,
      String intermediate,
      String output,
      String outputNorm) {}

  public static final String WORD_EMBEDDINGS = "embeddings.word_embeddings.weight";
  public static final String POSITION_EMBEDDINGS = "embeddings.position_embeddings.weight";
  public static final String TOKEN_TYPE_EMBEDDINGS = "embeddings.token_type_embeddings.weight";
  public static final String EMBEDDING_NORM = "embeddings.LayerNorm";

  public boolean hasTokenTypes() {
    return !config.distilbert();
  }

  public LayerNames layer(int l) {
    if (config.distilbert()) {
      String p = "transformer.layer." + l + ".";
      return new LayerNames(
          p + "attention.q_lin",
          p + "attention.k_lin",
          p + "attention.v_lin",
          p + "attention.out_lin",
          p + "sa_layer_norm",
          p + "ffn.lin1",
          p + "ffn.lin2",
          p + "output_layer_norm");
    }
    String p = "encoder.layer." + l + ".";
    return new LayerNames(
        p + "attention.self.query",
        p + "attention.self.key",
        p + "attention.self.value",
        p + "attention.output.dense",
        p + "attention.output.LayerNorm",
        p + "intermediate.dense",
        p + "output.dense",
        p + "output.LayerNorm");
  }

  /** Every tensor the encoder needs, in a stable order, with its expected shape. */
  public Map<String, long[]> expectedShapes() {
    long h = config.hiddenSize();
    long ff = config.intermediateSize();
    Map<String, long[]> s = new LinkedHashMap<>();
    s.put(WORD_EMBEDDINGS, new long[] {config.vocabSize(), h});
    s.put(POSITION_EMBEDDINGS, new long[] {config.maxPositionEmbeddings(), h});
    if (hasTokenTypes()) {
      s.put(TOKEN_TYPE_EMBEDDINGS, new long[] {Math.max(1, config.typeVocabSize()), h});
    }
    norm(s, EMBEDDING_NORM, h);
    for (int l = 0; l < config.numHiddenLayers(); l++) {
      LayerNames n = layer(l);
      linear(s, n.query(), h, h);
      linear(s, n.key(), h, h);
      linear(s, n.value(), h, h);
      linear(s, n.attentionOutput(), h, h);
      norm(s, n.attentionNorm(), h);
      linear(s, n.intermediate(), h, ff);
      linear(s, n.output(), ff, h);
      norm(s, n.outputNorm(), h);
    }
    return s;
  }

  /** The transformer layer a tensor belongs to; empty for the embeddings. */
  public static OptionalInt layerOf(String name) {
    for (String p : new String[] {"encoder.layer.", "transformer.layer."}) {
      if (name.startsWith(p)) {
        String rest = name.substring(p.length());
        return OptionalInt.of(Integer.parseInt(rest.substring(0, rest.indexOf('.'))));
      }
    }
    return OptionalInt.empty();
  }

  /**
   * Whether decoupled weight decay skips the tensor (biases and LayerNorm parameters, as Hugging
   * Face does).
   */
  public static boolean exemptFromDecay(String name) {
    return name.endsWith(".bias") || name.contains("LayerNorm") || name.contains("layer_norm");
  }

  /**
   * Reads {@code file} and returns exactly the expected tensors by their unprefixed names. A {@code
   * bert.} or {@code distilbert.} prefix is accepted; other tensors (pooler, MLM or classifier
   * heads) are ignored, but a file that mixes BERT ({@code encoder.layer.*}) and DistilBERT ({@code
   * transformer.layer.*}) layers is an error.
   *
   * @throws MtcException naming the file, the tensor, the expected and the actual shape
   */
  public Map<String, FloatTensor> load(Path file) {
    Map<String, FloatTensor> raw = Safetensors.read(file);
    Map<String, FloatTensor> byName = unprefixed(file, raw);
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    for (var e : expectedShapes().entrySet()) {
      FloatTensor t = byName.get(e.getKey());
      if (t == null) {
        throw new MtcException(
            file
                + ": tensor '"
                + e.getKey()
                + "' is missing (expected shape "
                + Arrays.toString(e.getValue())
                + " for a "
                + config.modelType()
                + " with hidden size "
                + config.hiddenSize()
                + " and "
                + config.numHiddenLayers()
                + " layers; the file has "
                + raw.size()
                + " tensors); the weights do not match config.json, re-export or re-import the model");
      }
      if (!t.hasShape(e.getValue())) {
        throw new MtcException(
            file
                + ": tensor '"
                + e.getKey()
                + "' has shape "
                + t.shapeString()
                + ", expected "
                + Arrays.toString(e.getValue())
                + " from config.json (hidden_size "
                + config.hiddenSize()
                + ", intermediate_size "
                + config.intermediateSize()
                + ", vocab_size "
                + config.vocabSize()
                + ", max_position_embeddings "
                + config.maxPositionEmbeddings()
                + "); the weights and config.json disagree");
      }
      out.put(e.getKey(), t);
    }
    return out;
  }

  /**
   * The tensors of {@code raw} under their names without a {@code bert.} or {@code distilbert.}
   * prefix (the first of two that clash wins), in file order.
   *
   * @throws MtcException when {@code file} holds both BERT and DistilBERT layers
   */
  private static Map<String, FloatTensor> unprefixed(Path file, Map<String, FloatTensor> raw) {
    Map<String, FloatTensor> byName = new LinkedHashMap<>();
    String bertName = null;
    String distilName = null;
    for (var e : raw.entrySet()) {
      String name = e.getKey();
      for (String p : PREFIXES) {
        if (name.startsWith(p)) {
          name = name.substring(p.length());
          break;
        }
      }
      bertName = bertName == null && name.startsWith("encoder.layer.") ? name : bertName;
      distilName = distilName == null && name.startsWith("transformer.layer.") ? name : distilName;
      byName.putIfAbsent(name, e.getValue());
    }
    if (bertName != null && distilName != null) {
      throw new MtcException(
          file
              + " mixes BERT and DistilBERT tensors ('"
              + bertName
              + "' and '"
              + distilName
              + "'); a backbone directory holds one architecture: re-import it (`mtc import bert-base` or "
              + "`mtc import distilbert`)");
    }
    return byName;
  }

  private static void linear(Map<String, long[]> s, String name, long in, long out) {
    s.put(name + ".weight", new long[] {out, in});
    s.put(name + ".bias", new long[] {out});
  }

  private static void norm(Map<String, long[]> s, String name, long size) {
    s.put(name + ".weight", new long[] {size});
    s.put(name + ".bias", new long[] {size});
  }
}
