package org.mtc.library;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValueFactory;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The engine a trained model directory opens on for prediction. An engine the caller or the user
 * named ({@code --engine}, {@link MtcOptions#engine}, or {@code mtc.backbone.engine} set in their
 * settings) is used as it is. Otherwise the model runs on {@code mtc.inference.engine} (ONNX
 * Runtime by default: the fastest engine in-process), while training keeps {@code
 * mtc.backbone.engine}'s default, djl. Where the inference engine's module is not on the class
 * path, djl runs the model and a note says so, once per JVM. Stateless apart from that note.
 */
final class InferenceEngine {
  static final String ENGINE = "mtc.backbone.engine";
  static final String INFERENCE = "mtc.inference.engine";
  static final String FALLBACK = "djl";

  private static final AtomicBoolean NOTED = new AtomicBoolean();

  private InferenceEngine() {}

  /**
   * {@code settings} with {@value #ENGINE} set to the engine prediction runs on.
   *
   * @param named whether the caller named an engine ({@link MtcOptions#engine}); then nothing
   *     changes
   * @param available the engines on the class path
   * @param note told, once per JVM, when the inference engine is absent and djl runs instead
   */
  static Config choose(
      Config settings, boolean named, Set<String> available, Consumer<String> note) {
    if (named || userSet(settings)) {
      return settings;
    }
    String engine = settings.getString(INFERENCE);
    if (!available.contains(engine) && available.contains(FALLBACK)) {
      if (NOTED.compareAndSet(false, true)) {
        note.accept(
            "mtc: the "
                + engine
                + " engine ("
                + INFERENCE
                + ") is not on the class path; models run on "
                + FALLBACK
                + " (add mtc-backbone-"
                + engine
                + " to the class path, or set "
                + INFERENCE
                + " = "
                + FALLBACK
                + " to silence this)");
      }
      engine = FALLBACK;
    }
    return settings.withValue(ENGINE, ConfigValueFactory.fromAnyRef(engine));
  }

  /** Lets the next fallback say its note again (for tests). */
  static void forgetNote() {
    NOTED.set(false);
  }

  /** Whether {@value #ENGINE} comes from the user's settings rather than a reference.conf. */
  static boolean userSet(Config settings) {
    if (!settings.hasPath(ENGINE)) {
      return false;
    }
    ConfigOrigin origin = settings.getValue(ENGINE).origin();
    String resource = origin.resource();
    String description = origin.description();
    boolean reference =
        resource != null && resource.endsWith("reference.conf")
            || description != null && description.contains("reference.conf");
    return !reference;
  }
}
