package org.mtc.library;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mtc.core.MtcException;
import org.mtc.core.engine.Engines;
import org.mtc.core.inject.Wiring;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.predict.Classifier;

/**
 * The one way in for Java code:
 *
 * <pre>{@code
 * try (Classifier mtc = Mtc.open(Path.of("runs/mt"))) {
 *   String sentiment = mtc.predict("i hate mondays").task("sentiment").label();
 * }
 * }</pre>
 *
 * Opens a trained model directory (a {@code mtc train --out} directory or its {@code model/}
 * folder) on the configured engine, or an exported {@code .onnx} file on ONNX Runtime, for
 * prediction only (frozen encoder, no training state). Opening reads and never writes. Each open
 * builds the graph ({@link Wiring}) of the modules on the class path with its settings, and the
 * graph's {@code ModelOpener} opens the model; no Guice type is part of this API. Stateless;
 * thread-safe.
 */
public final class Mtc {
  private Mtc() {}

  /** Opens {@code model} with {@link MtcOptions#defaults()}. */
  public static Classifier open(Path model) {
    return open(model, MtcOptions.defaults());
  }

  /**
   * Opens {@code model}: a trained model directory, or a {@code .onnx} file written by {@code mtc
   * export onnx}.
   *
   * @throws MtcException naming the path when it is neither (or null), and for any bad setting or
   *     file
   */
  public static Classifier open(Path model, MtcOptions options) {
    if (model == null) {
      throw new MtcException(
          "Mtc.open: the model path is null; pass a trained model directory (mtc train --out DIR) "
              + "or a .onnx file written by mtc export onnx");
    }
    if (options == null) {
      throw new MtcException(
          "Mtc.open: the options are null; pass MtcOptions.defaults() or call Mtc.open(model)");
    }
    Config settings =
        options
            .merged()
            .withValue("mtc.backbone.trainable-layers", ConfigValueFactory.fromAnyRef("frozen"));
    if (Files.isRegularFile(model)) {
      checkOnnxName(model);
      checkEngine(model, options.engine().orElse(null));
    } else {
      settings =
          InferenceEngine.choose(
              settings,
              options.engine().isPresent(),
              Engines.discover().names(),
              System.err::println);
    }
    return Wiring.discover()
        .withSettings(settings)
        .get(ModelOpener.class)
        .open(model, options.batchSize());
  }

  /**
   * The engine {@link #open} runs {@code model} on with {@code settings} (merged, as {@code
   * Settings.load} returns them) when no engine is named: ONNX Runtime for an exported graph, else
   * {@code mtc.backbone.engine} where the user set it, else {@code mtc.inference.engine} (djl where
   * that engine is not on the class path).
   */
  public static String engineFor(Path model, Config settings) {
    if (model != null && Files.isRegularFile(model)) {
      return "onnx";
    }
    return InferenceEngine.choose(settings, false, Engines.discover().names(), note -> {})
        .getString(InferenceEngine.ENGINE);
  }

  /**
   * Refuses an engine asked for by name that cannot run {@code model}: an exported {@code .onnx}
   * graph runs on ONNX Runtime only, so any other engine would be ignored.
   *
   * @param engine the engine given (an {@code --engine} option, {@link MtcOptions#engine}), or null
   *     when none was
   */
  public static void checkEngine(Path model, String engine) {
    if (engine != null
        && !engine.equals("onnx")
        && model.getFileName() != null
        && model.getFileName().toString().endsWith(".onnx")
        && !Files.isDirectory(model)) {
      throw new MtcException(
          "--engine "
              + engine
              + " cannot run "
              + model
              + ": an exported .onnx graph runs on "
              + "ONNX Runtime only; leave --engine out (or give --engine onnx), or pass the trained model directory "
              + "to run it on "
              + engine);
    }
  }

  /**
   * Checks, without loading any weights, what {@link #open} checks first: that {@code model} is a
   * {@code .onnx} file or a complete trained model directory. For a caller that must fail fast
   * before costly work (starting Spark) and open the model later.
   *
   * @throws MtcException in the words of {@link #open}
   */
  public static void check(Path model) {
    if (Files.isRegularFile(model)) {
      checkOnnxName(model);
    } else {
      MultitaskModel.check(model);
    }
  }

  private static void checkOnnxName(Path model) {
    if (!model.getFileName().toString().endsWith(".onnx")) {
      throw new MtcException(
          model
              + " is a file but not an exported .onnx graph; pass a trained model "
              + "directory (mtc train --out DIR) or a file written by mtc export onnx");
    }
  }
}
