package org.mtc.tokenizers;

import org.mtc.core.BackboneInfo;
import org.mtc.core.Pooling;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.engine.EngineLock;
import org.mtc.core.model.EncoderConfig;
import org.mtc.core.model.HfBackboneDirectory;

/**
 * What every engine's backbone reads the same way from its Hugging Face directory: the directory,
 * its encoder config, the resolved pooling (never AUTO), the {@link EngineLock} that guards the
 * engine's state, the shared {@link TextTokenizer} and the {@link BackboneInfo} built from them.
 * Engines (djl, onnx, tf) extend it with their own encoder.
 *
 * <p>Ownership: the subclass opens the tokenizer with {@link #openTokenizer} when its engine
 * resources are ready and closes it with {@link #closeTokenizer} inside {@link EngineLock#close}.
 * Thread-safety: the fields are set in the constructor and never change; {@link #tokenizer} is safe
 * from any thread.
 */
public abstract class DirectoryBackbone implements TextTokenizerBackbone {
  protected final HfBackboneDirectory directory;
  protected final EncoderConfig config;
  protected final Pooling pooling;
  protected final EngineLock lock;
  private final String engine;
  private TextTokenizer tokenizer; // set once, by the subclass's constructor

  /**
   * Opens the directory of {@code spec}.
   *
   * @param engine the engine's name, as in {@link BackboneInfo#engine()}
   * @param owner the backbone in words, for the lock's messages, e.g. {@code "the DJL backbone"}
   */
  protected DirectoryBackbone(String engine, String owner, BackboneSpec spec) {
    this.engine = engine;
    this.directory = HfBackboneDirectory.open(spec.directory());
    this.lock = new EngineLock(owner + " of " + directory.path());
    this.config = directory.encoderConfig();
    spec.fineTuning()
        .checkLayers(config.numHiddenLayers(), "mtc.backbone.trainable-layers", directory.path());
    this.pooling = directory.resolve(spec.pooling());
  }

  /**
   * Opens the directory's tokenizer, truncating at the spec's max length or at the encoder's
   * positions, whichever is less. Called once, from the subclass's constructor.
   */
  protected final void openTokenizer(BackboneSpec spec) {
    this.tokenizer =
        new TextTokenizer(
            directory.tokenizer(),
            Math.min(spec.maxSequenceLength(), config.maxPositionEmbeddings()));
  }

  /** Closes the tokenizer; for the subclass's {@code close}. */
  protected final void closeTokenizer() {
    tokenizer.close();
  }

  /** Parameters of the encoder, embeddings included. */
  protected abstract long parameterCount();

  @Override
  public final BackboneInfo info() {
    return new BackboneInfo(
        engine,
        config.modelType(),
        config.hiddenSize(),
        config.numHiddenLayers(),
        config.maxPositionEmbeddings(),
        pooling,
        parameterCount(),
        directory.path());
  }

  /** The resolved pooling (never AUTO). */
  public final Pooling pooling() {
    return pooling;
  }

  @Override
  public final TextTokenizer tokenizer() {
    lock.checkOpen();
    return tokenizer;
  }
}
