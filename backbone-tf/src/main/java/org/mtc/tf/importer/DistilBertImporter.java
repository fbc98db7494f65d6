package org.mtc.tf.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.mtc.core.MtcException;
import org.mtc.core.Pooling;
import org.mtc.core.engine.BackboneCard;
import org.mtc.core.engine.ImportRequest;
import org.mtc.core.engine.Importer;
import org.mtc.core.io.AtomicFiles;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.io.Safetensors;
import org.mtc.core.io.StagedDirectory;
import org.mtc.core.model.EncoderConfig;
import org.mtc.core.model.EncoderLayout;
import org.mtc.core.model.HfBackboneDirectory;

/**
 * Builds a DistilBERT-shaped backbone directory from a BERT one the way DistilBERT itself was
 * initialised: the student keeps every other teacher layer (0, 2, 4, ... : layers 0,2,4,6,8,10 of
 * BERT-base) and the embeddings. DistilBERT has no token type embeddings, so BERT's {@code
 * token_type_embeddings[0]} (the type of every single-sentence token) is folded into the position
 * embeddings: the student computes exactly what the teacher's kept layers compute on single
 * sentences. Writes {@code model_type = distilbert} with Hugging Face DistilBERT tensor names, the
 * same tokenizer and activation, and the source's pooling config. Stateless and thread-safe.
 */
public final class DistilBertImporter implements Importer {
  /**
   * For Guice (bound by the engine module): the {@code distilbert} importer of {@code mtc import}.
   */
  public DistilBertImporter() {}

  @Override
  public String name() {
    return "distilbert";
  }

  @Override
  public String description() {
    return "a 6-layer DistilBERT student from a BERT directory (every other layer), --from";
  }

  @Override
  public Optional<BackboneCard> card() {
    EncoderConfig config =
        new EncoderConfig("distilbert", 30522, 768, 6, 12, 3072, 512, 0, 1e-12, "gelu_new");
    return Optional.of(
        BackboneCard.of(
            name(),
            "cut from bert-base (layers 0,2,..,10; not distilled)",
            config,
            Pooling.CLS,
            "Apache-2.0"));
  }

  /** The BERT directory to cut from is bert-base's. */
  @Override
  public Optional<String> prerequisite() {
    return Optional.of("bert-base");
  }

  @Override
  public Optional<String> source() {
    return Optional.of(
        "a BERT directory; make one with `mtc import bert-base --out models/bert-base`");
  }

  @Override
  public Path importTo(ImportRequest request) {
    return importTo(request.requireFrom(this), request.out(), request.overwrite());
  }

  /**
   * Imports {@code bertDir} (a BERT directory with an even number of layers) into {@code outDir}.
   */
  public static Path importTo(Path bertDir, Path outDir, boolean overwrite) {
    StagedDirectory.refuseNonEmpty(outDir, overwrite);
    HfBackboneDirectory source = HfBackboneDirectory.open(bertDir);
    EncoderConfig bert = source.encoderConfig();
    EncoderConfig distil = studentConfig(source, bert);
    EncoderLayout from = new EncoderLayout(bert);
    EncoderLayout to = new EncoderLayout(distil);
    Map<String, FloatTensor> w = from.load(source.weights());
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    out.put(EncoderLayout.WORD_EMBEDDINGS, w.get(EncoderLayout.WORD_EMBEDDINGS));
    out.put(
        EncoderLayout.POSITION_EMBEDDINGS,
        foldTokenType(
            w.get(EncoderLayout.POSITION_EMBEDDINGS), w.get(EncoderLayout.TOKEN_TYPE_EMBEDDINGS)));
    copy(w, out, EncoderLayout.EMBEDDING_NORM, EncoderLayout.EMBEDDING_NORM);
    for (int l = 0; l < distil.numHiddenLayers(); l++) {
      EncoderLayout.LayerNames s = from.layer(2 * l);
      EncoderLayout.LayerNames d = to.layer(l);
      copy(w, out, s.query(), d.query());
      copy(w, out, s.key(), d.key());
      copy(w, out, s.value(), d.value());
      copy(w, out, s.attentionOutput(), d.attentionOutput());
      copy(w, out, s.attentionNorm(), d.attentionNorm());
      copy(w, out, s.intermediate(), d.intermediate());
      copy(w, out, s.output(), d.output());
      copy(w, out, s.outputNorm(), d.outputNorm());
    }
    try (StagedDirectory staged = StagedDirectory.beside(outDir)) {
      Path dir = staged.path();
      Safetensors.write(dir.resolve(HfBackboneDirectory.WEIGHTS), out, Map.of("format", "pt"));
      AtomicFiles.writeString(dir.resolve(HfBackboneDirectory.CONFIG), distil.toJson());
      Files.copy(source.tokenizer(), dir.resolve(HfBackboneDirectory.TOKENIZER));
      Path pooling = bertDir.resolve(HfBackboneDirectory.POOLING_CONFIG);
      if (Files.isRegularFile(pooling)) {
        Files.createDirectories(dir.resolve(HfBackboneDirectory.POOLING_CONFIG).getParent());
        Files.copy(pooling, dir.resolve(HfBackboneDirectory.POOLING_CONFIG));
      }
      staged.publish(overwrite);
    } catch (IOException e) {
      throw new MtcException(
          "could not write the DistilBERT directory " + outDir + ": " + e.getMessage(), e);
    }
    return outDir;
  }

  /**
   * The DistilBERT architecture of a student of {@code bert} (half its layers, no token types).
   *
   * @throws MtcException when {@code bert} is already a DistilBERT, or its layer count is odd or
   *     below 2
   */
  private static EncoderConfig studentConfig(HfBackboneDirectory source, EncoderConfig bert) {
    if (bert.distilbert()) {
      throw new MtcException(
          source.config()
              + " is already a DistilBERT (model_type distilbert); pass a BERT "
              + "directory (`mtc import bert-base --out DIR`) to --from");
    }
    if (bert.numHiddenLayers() < 2 || bert.numHiddenLayers() % 2 != 0) {
      throw new MtcException(
          source.config()
              + " has "
              + bert.numHiddenLayers()
              + " layers; a DistilBERT student "
              + "keeps every other layer of a teacher with an even layer count (BERT-base: 12)");
    }
    return new EncoderConfig(
        "distilbert",
        bert.vocabSize(),
        bert.hiddenSize(),
        bert.numHiddenLayers() / 2,
        bert.numAttentionHeads(),
        bert.intermediateSize(),
        bert.maxPositionEmbeddings(),
        0,
        bert.layerNormEps(),
        bert.hiddenAct());
  }

  /** {@code positions[p] + tokenTypes[0]} for every position {@code p}. */
  static FloatTensor foldTokenType(FloatTensor positions, FloatTensor tokenTypes) {
    int hidden = (int) positions.shape()[1];
    float[] data = positions.data().clone();
    for (int i = 0; i < data.length; i++) {
      data[i] += tokenTypes.data()[i % hidden];
    }
    return new FloatTensor(positions.shape(), data);
  }

  private static void copy(
      Map<String, FloatTensor> from, Map<String, FloatTensor> to, String src, String dst) {
    for (String suffix : new String[] {".weight", ".bias"}) {
      to.put(dst + suffix, from.get(src + suffix));
    }
  }
}
