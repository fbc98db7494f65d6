package org.mtc.bench.engines;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.List;

/**
 * The Java peer a user would otherwise pick for all-MiniLM-L6-v2 sentence vectors: LangChain4j's
 * {@code AllMiniLmL6V2EmbeddingModel} (its own ONNX Runtime session over the original graph, its
 * own tokenizer, mean pooling, L2-normalised vectors, texts embedded one by one on its executor).
 * Thread-safe as LangChain4j states; holds the session for the JVM's life.
 */
final class Peer {
  static final String NAME = "langchain4j AllMiniLmL6V2EmbeddingModel";
  private final AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();

  /** Vectors {@code [texts, 384]}, L2-normalised. */
  float[][] embed(List<String> texts) {
    List<Embedding> out = model.embedAll(texts.stream().map(TextSegment::from).toList()).content();
    float[][] v = new float[out.size()][];
    for (int i = 0; i < v.length; i++) {
      v[i] = out.get(i).vector();
    }
    return v;
  }

  static float[][] normalized(float[][] rows) {
    float[][] out = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      double n = 0;
      for (float x : rows[i]) {
        n += x * x;
      }
      float s = (float) (1 / Math.max(Math.sqrt(n), 1e-12));
      out[i] = new float[rows[i].length];
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] = rows[i][j] * s;
      }
    }
    return out;
  }
}
