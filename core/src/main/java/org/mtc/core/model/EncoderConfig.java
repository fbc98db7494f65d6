package org.mtc.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.mtc.core.MtcException;

/**
 * The architecture of a BERT-family encoder as stated by a Hugging Face {@code config.json}.
 * DistilBERT's own key names ({@code dim}, {@code n_layers}, {@code n_heads}, {@code hidden_dim},
 * {@code activation}) are accepted and mapped to the BERT ones.
 *
 * @param modelType {@code bert} or {@code distilbert}
 * @param hiddenAct {@code gelu} (exact, erf) or {@code gelu_new}/{@code gelu_pytorch_tanh} (tanh
 *     approximation)
 * @param typeVocabSize 0 for DistilBERT (no token type embeddings)
 */
public record EncoderConfig(
    String modelType,
    int vocabSize,
    int hiddenSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int intermediateSize,
    int maxPositionEmbeddings,
    int typeVocabSize,
    double layerNormEps,
    String hiddenAct) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public EncoderConfig {
    if (!modelType.equals("bert") && !modelType.equals("distilbert")) {
      throw new MtcException(
          "model_type '" + modelType + "' is not supported; mtc runs bert and distilbert");
    }
    if (hiddenSize % numAttentionHeads != 0) {
      throw new MtcException(
          "hidden_size "
              + hiddenSize
              + " is not divisible by num_attention_heads "
              + numAttentionHeads);
    }
    // Static check: a compact constructor runs before the fields are assigned, so tanhGelu() would
    // see null.
    if (!hiddenAct.equals("gelu") && !isTanhGelu(hiddenAct)) {
      throw new MtcException(
          "hidden_act '"
              + hiddenAct
              + "' is not supported; use gelu, gelu_new or "
              + "gelu_pytorch_tanh");
    }
  }

  /** Whether the activation is the tanh approximation of GELU. */
  public boolean tanhGelu() {
    return isTanhGelu(hiddenAct);
  }

  private static boolean isTanhGelu(String act) {
    return act.equals("gelu_new") || act.equals("gelu_pytorch_tanh") || act.equals("gelu_fast");
  }

  public boolean distilbert() {
    return modelType.equals("distilbert");
  }

  public int headSize() {
    return hiddenSize / numAttentionHeads;
  }

  /**
   * Parameters of the transformer layers (embeddings excluded): per layer the Q, K, V and output
   * projections, the two feed-forward products, their biases and two LayerNorms. Training does
   * about 6 flops per one of these per token, the basis of the training roofline.
   */
  public long transformerParameters() {
    long h = hiddenSize;
    long i = intermediateSize;
    long perLayer = 4 * (h * h + h) + (h * i + i) + (i * h + h) + 2 * (2 * h);
    return perLayer * numHiddenLayers;
  }

  public static EncoderConfig read(Path configJson) {
    JsonNode n;
    try {
      n = JSON.readTree(Files.readString(configJson));
    } catch (NoSuchFileException e) {
      throw new MtcException(
          "missing "
              + configJson
              + ": a backbone directory needs config.json "
              + "(Hugging Face layout); create one with `mtc import`");
    } catch (IOException e) {
      throw new MtcException("could not parse " + configJson + ": " + e.getMessage(), e);
    }
    String type = text(n, configJson, "model_type", null);
    boolean distil = "distilbert".equals(type);
    KeyNames k = KeyNames.of(distil);
    return new EncoderConfig(
        type,
        integer(n, configJson, "vocab_size", null),
        integer(n, configJson, k.hidden(), KeyNames.BERT.hidden()),
        integer(n, configJson, k.layers(), KeyNames.BERT.layers()),
        integer(n, configJson, k.heads(), KeyNames.BERT.heads()),
        integer(n, configJson, k.intermediate(), KeyNames.BERT.intermediate()),
        integer(n, configJson, "max_position_embeddings", null),
        distil ? 0 : (n.has("type_vocab_size") ? n.get("type_vocab_size").asInt() : 2),
        n.has("layer_norm_eps") ? n.get("layer_norm_eps").asDouble() : 1e-12,
        n.has(k.activation())
            ? n.get(k.activation()).asText()
            : n.has(KeyNames.BERT.activation())
                ? n.get(KeyNames.BERT.activation()).asText()
                : "gelu");
  }

  /** The config.json a Hugging Face library would write for this architecture. */
  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("model_type", modelType);
    n.put("vocab_size", vocabSize);
    n.put("max_position_embeddings", maxPositionEmbeddings);
    KeyNames k = KeyNames.of(distilbert());
    n.putArray("architectures").add(k.architecture());
    n.put(k.hidden(), hiddenSize);
    n.put(k.layers(), numHiddenLayers);
    n.put(k.heads(), numAttentionHeads);
    n.put(k.intermediate(), intermediateSize);
    n.put(k.activation(), hiddenAct);
    if (distilbert()) {
      n.put("sinusoidal_pos_embds", false);
    } else {
      n.put("type_vocab_size", typeVocabSize);
    }
    n.put("layer_norm_eps", layerNormEps);
    n.put("pad_token_id", 0);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
    } catch (IOException e) {
      throw new MtcException("could not encode config.json", e);
    }
  }

  /**
   * The config.json keys of the architecture fields, which DistilBERT names its own way; read and
   * written alike.
   */
  private record KeyNames(
      String architecture,
      String hidden,
      String layers,
      String heads,
      String intermediate,
      String activation) {
    static final KeyNames BERT =
        new KeyNames(
            "BertModel",
            "hidden_size",
            "num_hidden_layers",
            "num_attention_heads",
            "intermediate_size",
            "hidden_act");
    static final KeyNames DISTILBERT =
        new KeyNames("DistilBertModel", "dim", "n_layers", "n_heads", "hidden_dim", "activation");

    static KeyNames of(boolean distilbert) {
      return distilbert ? DISTILBERT : BERT;
    }
  }

  private static String text(JsonNode n, Path file, String key, String alt) {
    JsonNode v = n.has(key) ? n.get(key) : alt != null ? n.get(alt) : null;
    if (v == null || v.isNull()) {
      throw new MtcException(file + " has no '" + key + "'; a Hugging Face config.json states it");
    }
    return v.asText();
  }

  private static int integer(JsonNode n, Path file, String key, String alt) {
    JsonNode v = n.has(key) ? n.get(key) : alt != null ? n.get(alt) : null;
    if (v == null || !v.canConvertToInt()) {
      throw new MtcException(
          file + " has no integer '" + key + "'; a Hugging Face config.json states it");
    }
    return v.asInt();
  }
}
