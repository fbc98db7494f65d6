package org.mtc.cli;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.engine.Engines;
import org.mtc.tasks.model.MultitaskModel;
import picocli.CommandLine.Option;

/** Options of commands that open a trained model: its directory and the engine to run it on. */
final class ModelOptions {
  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "Trained model directory (or a training run directory holding model/).")
  Path model;

  @Option(names = "--engine", paramLabel = "NAME", description = "Engine to run the encoder: djl (default), onnx, tf.")
  String engine;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32", description = "Texts per encoder pass.")
  int batchSize;

  /**
   * Opens {@code --model} for prediction through the library's {@code Mtc.open}: a model directory on the engine,
   * or an exported {@code .onnx} file. The caller closes it.
   */
  org.mtc.tasks.predict.Classifier openClassifier(SettingsOptions settingsOptions) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("mtc.backbone.engine", engine);
    Config settings = settingsOptions.load(List.of(), values);
    return org.mtc.library.Mtc.open(model, org.mtc.library.MtcOptions.defaults().config(settings)
        .batchSize(batchSize));
  }

  /** Opens the model with frozen encoder settings (inference only). The caller closes it. */
  MultitaskModel open(SettingsOptions settingsOptions) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("mtc.backbone.engine", engine);
    values.put("mtc.backbone.trainable-layers", "frozen");
    Config settings = settingsOptions.load(List.of(), values);
    return MultitaskModel.load(model, Engines.discover(), settings);
  }
}
