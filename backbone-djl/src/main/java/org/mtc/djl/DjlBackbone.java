package org.mtc.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.mtc.core.FineTuning;
import org.mtc.core.HiddenStatesBackbone;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.SentencePair;
import org.mtc.core.StepOutcome;
import org.mtc.core.TrainingPass;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.model.EncoderLayout;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.tokenizers.DirectoryBackbone;
import org.mtc.tokenizers.LengthBatches;
import org.mtc.tokenizers.PaddedRows;

/**
 * A BERT or DistilBERT encoder on DJL's PyTorch engine, opened from a Hugging Face layout directory
 * by {@link DjlBackboneFactory}. {@link #encode} returns pooled vectors {@code [texts, hidden]};
 * training passes back-propagate an upstream gradient {@code [batch, hidden]} into the trainable
 * parameters chosen by the spec's {@link FineTuning}, and {@link #applyGradients} takes one AdamW
 * step.
 *
 * <p>Thread-safety: {@link #encode}, {@link #hiddenStates} and {@link #save} may run concurrently
 * (a read lock); training ({@link #forwardForTraining}, {@link #applyGradients}) is single-threaded
 * and excludes inference while weights change (a write lock). A frozen backbone ({@code
 * trainable-layers = frozen}) encodes but {@link #forwardForTraining} throws and {@link
 * #applyGradients} does nothing. The backbone owns its native memory (one NDManager) and tokenizer;
 * whoever opened it closes it.
 */
public final class DjlBackbone extends DirectoryBackbone implements HiddenStatesBackbone {
  /** Texts per encoder forward inside {@link #encode}. */
  static final int CHUNK = 64;

  private final Engine engine;
  private final NDManager manager;
  private final BackboneSpec spec;
  private final Encoder encoder;
  private final AdamW optimizer; // over no parameters when frozen
  private final boolean trainable;

  DjlBackbone(Engine engine, BackboneSpec spec) {
    super(DjlEnginePlugin.ENGINE, "the DJL backbone", spec);
    this.engine = engine;
    this.spec = spec;
    Map<String, FloatTensor> weights = new EncoderLayout(config).load(directory.weights());
    this.manager = engine.newBaseManager();
    try {
      this.encoder = new Encoder(config, weights, manager);
      this.trainable = !spec.fineTuning().frozen();
      Map<String, NDArray> train = trainableParameters(encoder, spec.fineTuning());
      train.values().forEach(p -> p.setRequiresGradient(true));
      this.optimizer = new AdamW(spec.optimizer(), train, manager);
      openTokenizer(spec);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** The parameters {@code fineTuning} trains: all, the top k layers (no embeddings), or none. */
  static Map<String, NDArray> trainableParameters(Encoder encoder, FineTuning fineTuning) {
    int layers = encoder.config().numHiddenLayers();
    int lowest = layers - Math.min(fineTuning.trainableLayers(), layers);
    Map<String, NDArray> out = new LinkedHashMap<>();
    encoder
        .parameters()
        .forEach(
            (name, p) -> {
              var layer = EncoderLayout.layerOf(name);
              boolean train =
                  layer.isPresent()
                      ? !fineTuning.frozen() && layer.getAsInt() >= lowest
                      : fineTuning.full();
              if (train) {
                out.put(name, p);
              }
            });
    return out;
  }

  @Override
  protected long parameterCount() {
    return encoder.parameterCount();
  }

  @Override
  public float[][] encodeTokens(SentencePair.Batch rows) {
    return LengthBatches.map(
        rows,
        CHUNK,
        chunk ->
            inference(
                () -> {
                  PaddedBatch batch = PaddedBatch.of(chunk, manager);
                  NDArray hidden = encoder.forward(batch, false, 0f);
                  return PaddedBatch.rows(Encoder.pool(hidden, batch.mask(), pooling));
                }));
  }

  @Override
  public float[][][] hiddenStates(SentencePair.Batch rows) {
    PaddedRows padded = PaddedRows.of(rows);
    return inference(
        () -> {
          NDArray hidden = encoder.forward(PaddedBatch.of(padded, manager), false, 0f);
          return padded.unflatten(hidden.toFloatArray(), config.hiddenSize());
        });
  }

  /**
   * Runs {@code work} with gradient recording off, under the read lock, freeing every array it
   * created.
   */
  private <T> T inference(Supplier<T> work) {
    return lock.read(
        () -> {
          boolean gradMode = JniUtils.isGradMode();
          JniUtils.setGradMode(false);
          try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return work.get();
          } finally {
            JniUtils.setGradMode(gradMode);
          }
        });
  }

  @Override
  public boolean trainable() {
    return trainable;
  }

  @Override
  public TrainingPass forwardForTraining(List<Input> inputs) {
    return forwardForTraining(() -> tokenize(inputs), inputs.isEmpty());
  }

  private TrainingPass forwardForTraining(Supplier<SentencePair.Batch> tokens, boolean empty) {
    if (!trainable) {
      throw new MtcException(
          "the DJL backbone of "
              + directory.path()
              + " is frozen (trainable-layers = frozen): "
              + "train the heads on encode() output, or set mtc.backbone.trainable-layers to all or a layer count");
    }
    if (empty) {
      throw new MtcException("forwardForTraining needs at least one text");
    }
    long started = System.nanoTime();
    SentencePair.Batch ids = tokens.get();
    double tokenization = (System.nanoTime() - started) / 1e9;
    return lock.write(
        () -> {
          NDManager passManager = manager.newSubManager();
          try {
            // Before the scope opens: backward reads the ids (embedding) and the mask (mean
            // pooling) again, and
            // these arrays alias Java buffers that closing them would let the garbage collector
            // free (see Encoder).
            PaddedBatch batch = PaddedBatch.of(ids, passManager);
            try (NDScope scope = new NDScope()) {
              scope.suppressNotUsedWarning();
              return recordedPass(batch, passManager).tokenizedIn(tokenization);
            }
          } catch (RuntimeException e) {
            passManager.close();
            throw e;
          }
        });
  }

  /**
   * The training forward with gradient recording on (the collector's scope); the pooled output and
   * the batch (owned by {@code passManager}) outlive it, the intermediates are the caller's
   * scope's.
   */
  private DjlTrainingPass recordedPass(PaddedBatch batch, NDManager passManager) {
    GradientCollector collector = collector(engine);
    try (collector) {
      NDArray hidden = encoder.forward(batch, true, (float) spec.dropout());
      NDArray pooled = Encoder.pool(hidden, batch.mask(), pooling);
      NDScope.unregister(pooled);
      pooled.attach(passManager); // the graph behind it lives as long as the pass
      return new DjlTrainingPass(engine, passManager, pooled);
    }
  }

  /**
   * Arrays alive in this backbone's manager and its sub-managers (parameters, optimiser state, open
   * passes).
   */
  int liveArrays() {
    return manager.getManagedArrays().size();
  }

  /** A gradient collector, with a clear message when another training pass is collecting. */
  static GradientCollector collector(Engine engine) {
    try {
      return engine.newGradientCollector();
    } catch (IllegalStateException e) {
      throw new MtcException(
          "another DJL training pass is recording gradients in this JVM; PyTorch allows one "
              + "at a time: train one backbone per thread and finish each pass first",
          e);
    }
  }

  @Override
  public boolean resumable() {
    return true;
  }

  @Override
  public Map<String, FloatTensor> optimizerState() {
    if (!trainable) {
      return Map.of();
    }
    return lock.read(optimizer::state);
  }

  @Override
  public void loadOptimizerState(Map<String, FloatTensor> state) {
    if (!trainable) {
      HiddenStatesBackbone.super.loadOptimizerState(state);
      return;
    }
    lock.write(() -> optimizer.load(state));
  }

  /**
   * Reseeds PyTorch's generator (dropout masks); it is process-wide, as training is one pass at a
   * time.
   */
  @Override
  public void seedTrainingStep(long seed) {
    if (trainable) {
      engine.setRandomSeed((int) (seed ^ (seed >>> 32)));
    }
  }

  @Override
  public StepOutcome applyGradients(double learningRate) {
    if (!trainable) {
      return StepOutcome.NOTHING;
    }
    return lock.write(() -> optimizer.step(learningRate));
  }

  @Override
  public void save(Path target) {
    lock.read(
        () ->
            HfBackboneDirectory.write(
                target, encoder.snapshot(), config, directory.tokenizer(), pooling));
  }

  @Override
  public void close() {
    lock.close(
        () -> {
          closeTokenizer();
          manager.close();
        });
  }
}
