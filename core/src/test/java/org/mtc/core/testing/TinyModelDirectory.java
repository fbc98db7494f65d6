package org.mtc.core.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.io.Safetensors;
import org.mtc.core.model.EncoderConfig;
import org.mtc.core.model.HfBackboneDirectory;

/**
 * Writes a tiny random-weight model directory in the Hugging Face layout for engine tests, without
 * any engine: {@code config.json}, {@code model.safetensors} with the exact Hugging Face tensor
 * names (linear weights {@code [out, in]}) and a small WordPiece {@code tokenizer.json}
 * (lower-casing BERT normalizer, BERT pre-tokenizer, {@code [CLS] $A [SEP]} template, no padding or
 * truncation).
 *
 * <p>The vocabulary ({@link #VOCAB}, about 200 tokens) holds {@code [PAD]=0, [UNK]=1, [CLS]=2,
 * [SEP]=3, [MASK]=4}, the letters and digits (also as {@code ##} continuations, so every lower-case
 * ASCII word tokenizes), punctuation, common English words and suffixes. BERT directories also
 * carry {@code pooler.dense.*} (as Hugging Face's {@code BertModel} saves it), which encoders must
 * ignore.
 *
 * <p>Weights are seeded and repeatable; their scale (0.2 for linear weights) is larger than BERT's
 * 0.02 initialisation so that attention and GELU are far from linear and a wrong formula shows.
 * Stateless and thread-safe.
 */
public final class TinyModelDirectory {
  /** The tokenizer vocabulary in id order. */
  public static final List<String> VOCAB = vocab();

  private static final ObjectMapper JSON = new ObjectMapper();

  private TinyModelDirectory() {}

  /**
   * A BERT or DistilBERT directory with hidden 32, 2 layers, 4 heads, intermediate 64, 64
   * positions, gelu.
   */
  public static Path create(Path dir, String modelType, long seed) {
    return create(dir, modelType, 32, 2, 4, 64, 64, "gelu", seed);
  }

  /**
   * Writes the directory and returns it.
   *
   * @param modelType {@code bert} or {@code distilbert}
   * @param hiddenAct {@code gelu} (erf) or {@code gelu_new} (tanh approximation)
   */
  public static Path create(
      Path dir,
      String modelType,
      int hidden,
      int layers,
      int heads,
      int intermediate,
      int maxPositions,
      String hiddenAct,
      long seed) {
    boolean distil = modelType.equals("distilbert");
    EncoderConfig config =
        new EncoderConfig(
            modelType,
            VOCAB.size(),
            hidden,
            layers,
            heads,
            intermediate,
            maxPositions,
            distil ? 0 : 2,
            1e-12,
            hiddenAct);
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(HfBackboneDirectory.CONFIG), config.toJson());
      Files.writeString(dir.resolve(HfBackboneDirectory.TOKENIZER), tokenizerJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Safetensors.write(dir.resolve(HfBackboneDirectory.WEIGHTS), weights(config, new Random(seed)));
    return dir;
  }

  /** Random tensors with Hugging Face names for {@code config}, in a stable order. */
  public static Map<String, FloatTensor> weights(EncoderConfig config, Random random) {
    int h = config.hiddenSize();
    int ff = config.intermediateSize();
    Map<String, FloatTensor> t = new LinkedHashMap<>();
    t.put("embeddings.word_embeddings.weight", normal(random, 0.5, config.vocabSize(), h));
    t.put(
        "embeddings.position_embeddings.weight",
        normal(random, 0.5, config.maxPositionEmbeddings(), h));
    if (!config.distilbert()) {
      t.put(
          "embeddings.token_type_embeddings.weight",
          normal(random, 0.5, config.typeVocabSize(), h));
    }
    layerNorm(t, "embeddings.LayerNorm", h, random);
    for (int l = 0; l < config.numHiddenLayers(); l++) {
      if (config.distilbert()) {
        String p = "transformer.layer." + l + ".";
        for (String lin : new String[] {"q_lin", "k_lin", "v_lin", "out_lin"}) {
          linear(t, p + "attention." + lin, h, h, random);
        }
        layerNorm(t, p + "sa_layer_norm", h, random);
        linear(t, p + "ffn.lin1", h, ff, random);
        linear(t, p + "ffn.lin2", ff, h, random);
        layerNorm(t, p + "output_layer_norm", h, random);
      } else {
        String p = "encoder.layer." + l + ".";
        for (String lin : new String[] {"query", "key", "value"}) {
          linear(t, p + "attention.self." + lin, h, h, random);
        }
        linear(t, p + "attention.output.dense", h, h, random);
        layerNorm(t, p + "attention.output.LayerNorm", h, random);
        linear(t, p + "intermediate.dense", h, ff, random);
        linear(t, p + "output.dense", ff, h, random);
        layerNorm(t, p + "output.LayerNorm", h, random);
      }
    }
    if (!config.distilbert()) {
      linear(t, "pooler.dense", h, h, random);
    }
    return t;
  }

  private static void linear(
      Map<String, FloatTensor> t, String name, int in, int out, Random random) {
    t.put(name + ".weight", normal(random, 0.2, out, in));
    t.put(name + ".bias", normal(random, 0.1, out));
  }

  private static void layerNorm(Map<String, FloatTensor> t, String name, int size, Random random) {
    FloatTensor w = normal(random, 0.1, size);
    for (int i = 0; i < size; i++) {
      w.data()[i] += 1f;
    }
    t.put(name + ".weight", w);
    t.put(name + ".bias", normal(random, 0.1, size));
  }

  private static FloatTensor normal(Random random, double std, long... shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    float[] data = new float[(int) n];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) (random.nextGaussian() * std);
    }
    return new FloatTensor(shape, data);
  }

  private static List<String> vocab() {
    LinkedHashSet<String> v =
        new LinkedHashSet<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
    for (char c = 'a'; c <= 'z'; c++) {
      v.add(String.valueOf(c));
    }
    for (char c = '0'; c <= '9'; c++) {
      v.add(String.valueOf(c));
    }
    for (String p : ". , ! ? ' - : ; ( ) \" = / &".split(" ")) {
      v.add(p);
    }
    for (String w :
        ("the and of to in is it that was for on are with as his they be at one have this from or "
                + "had by not word but what some we can out other were all there when up use your how said an each she "
                + "which do their time if will way about many then them would like so these her long make thing see him "
                + "two has look more day could go come did no most my over know than call first who may down been now "
                + "find good bad movie film great love hate happy sad weather music play book quick brown fox jump lazy "
                + "dog hello world yes very new old")
            .split(" ")) {
      v.add(w);
    }
    for (String s : "s ed ing ly er est ness ment tion able ful less y e".split(" ")) {
      v.add("##" + s);
    }
    for (char c = 'a'; c <= 'z'; c++) {
      v.add("##" + c);
    }
    for (char c = '0'; c <= '9'; c++) {
      v.add("##" + c);
    }
    return List.copyOf(v);
  }

  private static String tokenizerJson() throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (int i = 0; i < 5; i++) {
      ObjectNode a = added.addObject();
      a.put("id", i);
      a.put("content", VOCAB.get(i));
      a.put("single_word", false);
      a.put("lstrip", false);
      a.put("rstrip", false);
      a.put("normalized", false);
      a.put("special", true);
    }
    ObjectNode normalizer = root.putObject("normalizer");
    normalizer.put("type", "BertNormalizer");
    normalizer.put("clean_text", true);
    normalizer.put("handle_chinese_chars", true);
    normalizer.putNull("strip_accents");
    normalizer.put("lowercase", true);
    root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
    ObjectNode post = root.putObject("post_processor");
    post.put("type", "TemplateProcessing");
    ArrayNode single = post.putArray("single");
    special(single, "[CLS]", 0);
    sequence(single, "A", 0);
    special(single, "[SEP]", 0);
    ArrayNode pair = post.putArray("pair");
    special(pair, "[CLS]", 0);
    sequence(pair, "A", 0);
    special(pair, "[SEP]", 0);
    sequence(pair, "B", 1);
    special(pair, "[SEP]", 1);
    ObjectNode specials = post.putObject("special_tokens");
    for (String s : new String[] {"[CLS]", "[SEP]"}) {
      ObjectNode st = specials.putObject(s);
      st.put("id", s);
      st.putArray("ids").add(VOCAB.indexOf(s));
      st.putArray("tokens").add(s);
    }
    ObjectNode decoder = root.putObject("decoder");
    decoder.put("type", "WordPiece");
    decoder.put("prefix", "##");
    decoder.put("cleanup", true);
    ObjectNode model = root.putObject("model");
    model.put("type", "WordPiece");
    model.put("unk_token", "[UNK]");
    model.put("continuing_subword_prefix", "##");
    model.put("max_input_chars_per_word", 100);
    ObjectNode vocab = model.putObject("vocab");
    List<String> ordered = new ArrayList<>(VOCAB);
    for (int i = 0; i < ordered.size(); i++) {
      vocab.put(ordered.get(i), i);
    }
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  private static void special(ArrayNode template, String id, int typeId) {
    ObjectNode s = template.addObject().putObject("SpecialToken");
    s.put("id", id);
    s.put("type_id", typeId);
  }

  private static void sequence(ArrayNode template, String id, int typeId) {
    ObjectNode s = template.addObject().putObject("Sequence");
    s.put("id", id);
    s.put("type_id", typeId);
  }
}
