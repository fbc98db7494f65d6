package org.mtc.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.core.Pooling;
import org.mtc.core.io.AtomicFiles;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.io.Safetensors;

/**
 * A backbone directory in the Hugging Face layout: {@code config.json}, {@code model.safetensors},
 * {@code tokenizer.json}, and optionally the sentence-transformers pooling config {@code
 * 1_Pooling/config.json}. Engine-neutral: every engine opens the same directory. Immutable and
 * thread-safe.
 */
public record HfBackboneDirectory(Path path) {
  public static final String CONFIG = "config.json";
  public static final String WEIGHTS = "model.safetensors";
  public static final String TOKENIZER = "tokenizer.json";
  public static final String POOLING_CONFIG = "1_Pooling/config.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Opens {@code path} after checking it is a directory holding the three required files.
   *
   * @throws MtcException naming what is missing and how to create it
   */
  public static HfBackboneDirectory open(Path path) {
    if (!Files.isDirectory(path)) {
      throw new MtcException(
          "backbone directory "
              + path
              + " does not exist; create one with "
              + "`mtc import minilm --out "
              + path
              + "` or point --backbone at a Hugging Face model directory");
    }
    for (String f : new String[] {CONFIG, WEIGHTS, TOKENIZER}) {
      if (!Files.isRegularFile(path.resolve(f))) {
        throw new MtcException(
            "backbone directory "
                + path
                + " has no "
                + f
                + " (needs config.json, model.safetensors and tokenizer.json)");
      }
    }
    return new HfBackboneDirectory(path);
  }

  public Path config() {
    return path.resolve(CONFIG);
  }

  public Path weights() {
    return path.resolve(WEIGHTS);
  }

  public Path tokenizer() {
    return path.resolve(TOKENIZER);
  }

  public EncoderConfig encoderConfig() {
    return EncoderConfig.read(config());
  }

  /** Resolves {@link Pooling#AUTO} from the directory; other values are returned unchanged. */
  public Pooling resolve(Pooling requested) {
    if (requested != Pooling.AUTO) {
      return requested;
    }
    Path st = path.resolve(POOLING_CONFIG);
    if (Files.isRegularFile(st)) {
      try {
        JsonNode n = JSON.readTree(Files.readString(st));
        if (n.path("pooling_mode_mean_tokens").asBoolean(false)) {
          return Pooling.MEAN;
        }
      } catch (IOException e) {
        throw new MtcException("could not parse " + st + ": " + e.getMessage(), e);
      }
    }
    return Pooling.CLS;
  }

  /**
   * Writes the sentence-transformers pooling config so that AUTO resolves to {@code pooling} (CLS
   * or MEAN).
   */
  public static void writePooling(Path dir, Pooling pooling, int hiddenSize) {
    String json =
        "{\n  \"word_embedding_dimension\": "
            + hiddenSize
            + ",\n  \"pooling_mode_cls_token\": "
            + (pooling == Pooling.CLS)
            + ",\n  \"pooling_mode_mean_tokens\": "
            + (pooling == Pooling.MEAN)
            + ",\n  \"pooling_mode_max_tokens\": false\n}\n";
    AtomicFiles.writeString(dir.resolve(POOLING_CONFIG), json);
  }

  /**
   * Writes a backbone as this layout ({@code model.safetensors} with {@code format = pt}, {@code
   * config.json}, a copy of {@code tokenizer} unless it is that file already, the pooling config),
   * every file atomically (temp file + rename), so a reader sees each file complete or not at all.
   * What every trainable engine saves.
   *
   * @param weights by Hugging Face name
   * @throws MtcException naming {@code target} when a file cannot be written
   */
  public static void write(
      Path target,
      Map<String, FloatTensor> weights,
      EncoderConfig config,
      Path tokenizer,
      Pooling pooling) {
    try {
      Files.createDirectories(target);
      Safetensors.write(target.resolve(WEIGHTS), weights, Map.of("format", "pt"));
      AtomicFiles.writeString(target.resolve(CONFIG), config.toJson());
      Path copy = target.resolve(TOKENIZER);
      if (!Files.exists(copy) || !Files.isSameFile(tokenizer, copy)) {
        byte[] bytes = Files.readAllBytes(tokenizer);
        AtomicFiles.write(copy, out -> out.write(bytes));
      }
      writePooling(target, pooling, config.hiddenSize());
    } catch (IOException e) {
      throw new MtcException("could not save the backbone to " + target + ": " + e.getMessage(), e);
    }
  }
}
