package org.mtc.library;

import com.typesafe.config.Config;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mtc.core.engine.Engines;
import org.mtc.onnx.ExportedModel;
import org.mtc.onnx.OnnxSettings;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.TrainedClassifier;

/**
 * Opens models for prediction with the settings of one {@link Mtc#open}: a trained model directory
 * on the engine the settings select ({@code mtc.backbone.engine}), an exported {@code .onnx} graph
 * on ONNX Runtime with {@code mtc.backbone.onnx}. Made by the graph ({@link
 * org.mtc.core.inject.Wiring#withSettings}), which gives it the engines and the merged settings.
 * Stateless and thread-safe; the caller owns and closes what it opens.
 */
final class ModelOpener {
  private final Engines engines;
  private final Config settings;

  @Inject
  ModelOpener(Engines engines, Config settings) {
    this.engines = engines;
    this.settings = settings;
  }

  /**
   * Opens {@code model}, checked by {@link Mtc#open}, predicting {@code batchSize} texts per
   * encoder call.
   */
  Classifier open(Path model, int batchSize) {
    if (Files.isRegularFile(model)) {
      OnnxSettings onnx =
          OnnxSettings.from(settings.getConfig("mtc.backbone.onnx")).withBatchSize(batchSize);
      return new ExportedClassifier(model, ExportedModel.open(model, onnx));
    }
    return new TrainedClassifier(MultitaskModel.load(model, engines, settings), batchSize);
  }
}
