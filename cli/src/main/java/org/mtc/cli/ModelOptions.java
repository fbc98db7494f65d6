package org.mtc.cli;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options of commands that open a trained model: its directory and the engine to run it on. */
final class ModelOptions {
  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "Trained model directory (or a training run directory holding model/), or a .onnx file "
          + "written by mtc export onnx.")
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
    if (batchSize < 1) {
      throw new org.mtc.core.MtcException("--batch-size " + batchSize + " must be 1 or more (texts per encoder pass; "
          + "default 32)");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("mtc.backbone.engine", engine);
    Config settings = settingsOptions.load(List.of(), values);
    return org.mtc.library.Mtc.open(model, org.mtc.library.MtcOptions.defaults().config(settings)
        .batchSize(batchSize));
  }
}
