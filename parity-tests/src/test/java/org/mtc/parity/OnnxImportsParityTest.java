package org.mtc.parity;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtc.core.Backbone;
import org.mtc.core.Input;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.engine.Engines;
import org.mtc.core.engine.ImportRequest;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.core.settings.Settings;
import org.mtc.djl.DjlEnginePlugin;
import org.mtc.onnx.OnnxBackbone;
import org.mtc.onnx.OnnxEnginePlugin;
import org.mtc.onnx.importer.BgeSmallImporter;
import org.mtc.onnx.importer.E5SmallImporter;
import org.mtc.onnx.importer.ImportParity;
import org.mtc.onnx.importer.MavenJar;
import org.mtc.onnx.importer.OnnxBertImporter;
import org.mtc.tf.TfEnginePlugin;

/**
 * The real bge-small-en-v1.5 and e5-small-v2 imports: on djl, onnx and tf the imported backbone
 * gives the pooled vectors of ONNX Runtime on the original graph (within 1e-4), and the direction
 * of LangChain4j's embedding model from the same jar (cosine at least 0.9999; LangChain4j
 * normalises). The jars (about 80 MB each) are not build dependencies: each case runs only when its
 * jar is in the local Maven repository and is skipped, saying how to fetch it, otherwise.
 */
class OnnxImportsParityTest {
  static final List<String> SENTENCES =
      List.of(
          "The new phone's battery lasts two full days.",
          "i can't believe how rude the waiter was to us!",
          "Which river flows through Budapest?",
          "Quarterly revenue rose 12% on strong cloud demand.",
          "thanks, that helps a lot");
  static final Engines ENGINES =
      Engines.of(List.of(new DjlEnginePlugin(), new OnnxEnginePlugin(), new TfEnginePlugin()));

  @TempDir static Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"bge-small", "e5-small"})
  void importedBackboneMatchesOnnxRuntimeOnEveryEngineAndLangChain4j(String name) throws Exception {
    OnnxBertImporter importer =
        name.equals("bge-small") ? new BgeSmallImporter() : new E5SmallImporter();
    MavenJar jar = importer.jar();
    Path file = jar.pathIn(MavenJar.localRepository());
    Assumptions.assumeTrue(
        jar.isLocal(),
        () ->
            "skipped: "
                + jar.coordinate()
                + " is not in the local Maven "
                + "repository ("
                + file
                + "); fetch it with: "
                + jar.fetchCommand());
    Path dir = importer.importTo(ImportRequest.into(tmp.resolve(name)));
    assertThat(HfBackboneDirectory.open(dir).encoderConfig())
        .as("architecture read from the graph")
        .isEqualTo(name.equals("bge-small") ? BgeSmallImporter.CONFIG : E5SmallImporter.CONFIG);
    String pooling = importer.card().orElseThrow().pooling().name().toLowerCase(Locale.ROOT);

    long[][] ids;
    float[][] onnx;
    try (Backbone b = open("onnx", dir, pooling)) {
      ids = ((OnnxBackbone) b).tokenizer().ids(SENTENCES);
      onnx = b.encode(Input.ofTexts(SENTENCES));
    }
    byte[] original = jar.readEntry(file, importer.onnxEntry());
    float[][] reference =
        ImportParity.runOriginal(original, ids, importer.card().orElseThrow().pooling(), name);
    double onnxDiff = EngineFixtures.maxAbsDiff(onnx, reference);
    double djlDiff;
    double tfDiff;
    try (Backbone b = open("djl", dir, pooling)) {
      djlDiff = EngineFixtures.maxAbsDiff(b.encode(Input.ofTexts(SENTENCES)), reference);
    }
    try (Backbone b = open("tf", dir, pooling)) {
      tfDiff = EngineFixtures.maxAbsDiff(b.encode(Input.ofTexts(SENTENCES)), reference);
    }
    double minCosine = minCosineToLangChain4j(name, file, onnx);
    System.out.printf(
        "%s parity over %d sentences: max |engine - ORT original| onnx %.2g, djl %.2g, tf %.2g; "
            + "min cosine to LangChain4j %.9f (1 - cosine %.1e)%n",
        name, SENTENCES.size(), onnxDiff, djlDiff, tfDiff, minCosine, 1 - minCosine);
    assertThat(onnxDiff).as("onnx vs ONNX Runtime on the original graph").isLessThanOrEqualTo(1e-4);
    assertThat(djlDiff).as("djl vs ONNX Runtime on the original graph").isLessThanOrEqualTo(1e-4);
    assertThat(tfDiff).as("tf vs ONNX Runtime on the original graph").isLessThanOrEqualTo(1e-4);
    assertThat(minCosine).as("cosine to LangChain4j's embedding").isGreaterThanOrEqualTo(0.9999);
  }

  /**
   * The smallest cosine between LangChain4j's embedding of each sentence, by the model in the jar
   * {@code file}, and {@code onnx}'s vector for it.
   */
  private double minCosineToLangChain4j(String name, Path file, float[][] onnx) throws Exception {
    double minCosine = 1;
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {file.toUri().toURL()}, getClass().getClassLoader())) {
      String cls =
          name.equals("bge-small")
              ? "dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel"
              : "dev.langchain4j.model.embedding.onnx.e5smallv2.E5SmallV2EmbeddingModel";
      ClassLoader previous = Thread.currentThread().getContextClassLoader();
      Thread.currentThread()
          .setContextClassLoader(loader); // LangChain4j reads its model files through it
      try {
        EmbeddingModel model =
            (EmbeddingModel) Class.forName(cls, true, loader).getConstructor().newInstance();
        for (int i = 0; i < SENTENCES.size(); i++) {
          minCosine =
              Math.min(
                  minCosine, cosine(model.embed(SENTENCES.get(i)).content().vector(), onnx[i]));
        }
      } finally {
        Thread.currentThread().setContextClassLoader(previous);
      }
    }
    return minCosine;
  }

  static Backbone open(String engine, Path dir, String pooling) {
    return ENGINES.open(
        BackboneSpec.from(
            Settings.load(
                List.of(),
                ConfigFactory.parseString(
                    "mtc.backbone { "
                        + "engine = "
                        + engine
                        + ", pooling = "
                        + pooling
                        + ", max-length = 128, trainable-layers = frozen }")),
            dir));
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
