package org.mtc.cli;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.library.Mtc;
import org.mtc.library.MtcOptions;
import org.mtc.tasks.predict.Classifier;
import picocli.CommandLine.Option;

/** Options of commands that open a trained model: its directory and the engine to run it on. */
final class ModelOptions {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description =
          "Trained model directory (or a training run directory holding model/), or a .onnx file "
              + "written by mtc export onnx.")
  Path model;

  @Option(
      names = "--engine",
      paramLabel = "NAME",
      description =
          "Engine to run the encoder: onnx (default for a model directory: mtc.inference.engine, "
              + "unless mtc.backbone.engine is set), djl, tf.")
  String engine;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "32",
      description = "Texts per encoder pass.")
  int batchSize;

  /**
   * Opens {@code --model} for prediction through the library's {@code Mtc.open}: a model directory
   * on the engine, or an exported {@code .onnx} file (an {@code --engine} other than onnx is
   * refused for it). Warns about given settings of another engine than the one that runs the model.
   * The caller closes it.
   */
  Classifier openClassifier(SettingsOptions settingsOptions) {
    Classifier classifier = open(settingsOptions);
    settingsOptions.warnOtherEngines(List.of(), values(), classifier.engine());
    return classifier;
  }

  /**
   * {@link #openClassifier} without the warning (for a second model opened with the same options);
   * an exported graph opens on ONNX Runtime whatever {@code --engine} says, so a command that opens
   * one must {@link #checkEngine} first where --engine would apply to nothing else.
   */
  Classifier open(SettingsOptions settingsOptions) {
    checkBatchSize();
    Config settings = settingsOptions.load(List.of(), values());
    MtcOptions options = MtcOptions.defaults().settings(settings).batchSize(batchSize);
    return Mtc.open(model, engine == null || exported(model) ? options : options.engine(engine));
  }

  /** Refuses a {@code --batch-size} below 1. */
  void checkBatchSize() {
    if (batchSize < 1) {
      throw new MtcException(
          "--batch-size "
              + batchSize
              + " must be 1 or more (texts per encoder pass; "
              + "default 32)");
    }
  }

  /**
   * Refuses an {@code --engine} that cannot run {@code --model} (an exported .onnx graph runs on
   * onnx only).
   */
  void checkEngine() {
    Mtc.checkEngine(model, engine);
  }

  /** Whether {@code path} is an exported {@code .onnx} graph (which runs on ONNX Runtime only). */
  static boolean exported(Path path) {
    return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".onnx");
  }

  /**
   * Warns (one line) that a given {@code --context-column} does nothing when no task of {@code
   * model} reads a dialog context (none declares a context-column).
   */
  static void warnContextUnused(Classifier model, boolean contextColumnGiven) {
    if (contextColumnGiven
        && model.tasks().tasks().stream().allMatch(t -> t.contextColumn().isEmpty())) {
      IgnoredOptions.warning(
          "--context-column does nothing: no task of the model reads a dialog "
              + "context (none has a context-column)");
    }
  }

  private Map<String, Object> values() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("mtc.backbone.engine", engine);
    return values;
  }
}
