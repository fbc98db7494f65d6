package org.mtc.core.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import org.mtc.core.AdamWSettings;
import org.mtc.core.FineTuning;
import org.mtc.core.MtcException;
import org.mtc.core.Pooling;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.core.settings.Settings;

/**
 * Everything an engine needs to open a backbone, read from {@code mtc.backbone} (see core's
 * reference.conf).
 *
 * @param directory Hugging Face layout model directory
 * @param engine engine name, the key of its {@link BackboneFactory}
 * @param pooling requested pooling (AUTO is resolved from the directory)
 * @param maxSequenceLength tokens per text after truncation, special tokens included
 * @param fineTuning which encoder layers train
 * @param optimizer AdamW settings for the encoder parameters
 * @param dropout hidden and attention dropout in training mode
 * @param seed seeds dropout and any random initialisation
 * @param engineSettings the engine's own subtree {@code mtc.backbone.<engine>} (empty when absent)
 */
public record BackboneSpec(
    Path directory,
    String engine,
    Pooling pooling,
    int maxSequenceLength,
    FineTuning fineTuning,
    AdamWSettings optimizer,
    double dropout,
    long seed,
    Config engineSettings) {

  public BackboneSpec {
    if (maxSequenceLength < 3) {
      throw new MtcException(
          "max-length must be at least 3 tokens ([CLS] text [SEP]), got " + maxSequenceLength);
    }
  }

  /**
   * Reads {@code mtc.backbone.*} and {@code mtc.train.optimizer.*} from merged settings; a
   * trainable-layers count is checked against the encoder in {@code directory}.
   *
   * @param directory the backbone directory (the CLI's --backbone or a trained model's {@code
   *     backbone/})
   */
  public static BackboneSpec from(Config settings, Path directory) {
    Config b = settings.getConfig("mtc.backbone");
    String engine = b.getString("engine");
    String where = Settings.where(settings, "mtc.backbone.trainable-layers");
    FineTuning fineTuning = FineTuning.parse(b.getString("trainable-layers"), where);
    if (!fineTuning.full()
        && !fineTuning.frozen()) { // a layer count: the encoder must have that many layers
      fineTuning.checkLayers(
          HfBackboneDirectory.open(directory).encoderConfig().numHiddenLayers(), where, directory);
    }
    return new BackboneSpec(
        directory,
        engine,
        Pooling.parse(b.getString("pooling"), Settings.where(settings, "mtc.backbone.pooling")),
        b.getInt("max-length"),
        fineTuning,
        AdamWSettings.from(settings.getConfig("mtc.train.optimizer")),
        b.getDouble("dropout"),
        settings.getLong("mtc.seed"),
        b.hasPath(engine) ? b.getConfig(engine) : ConfigFactory.empty());
  }

  public BackboneSpec withDirectory(Path dir) {
    return new BackboneSpec(
        dir,
        engine,
        pooling,
        maxSequenceLength,
        fineTuning,
        optimizer,
        dropout,
        seed,
        engineSettings);
  }

  public BackboneSpec withFineTuning(FineTuning f) {
    return new BackboneSpec(
        directory, engine, pooling, maxSequenceLength, f, optimizer, dropout, seed, engineSettings);
  }

  public BackboneSpec withPooling(Pooling p) {
    return new BackboneSpec(
        directory,
        engine,
        p,
        maxSequenceLength,
        fineTuning,
        optimizer,
        dropout,
        seed,
        engineSettings);
  }
}
