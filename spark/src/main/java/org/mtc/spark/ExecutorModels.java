package org.mtc.spark;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mtc.library.Mtc;
import org.mtc.library.MtcOptions;
import org.mtc.tasks.predict.Classifier;

/**
 * The models open in this JVM (an executor, or the driver in local mode), one per {@link Key}: the
 * first task that needs a model opens it, every later task of the same executor shares it (a {@link
 * Classifier} is thread-safe), and a JVM shutdown hook closes them all when the executor stops. A
 * static holder because Spark gives no per-executor object to hang it on; tasks reach it through
 * the key they carry. Thread-safe.
 */
final class ExecutorModels {
  private static final Map<Key, Classifier> OPEN = new ConcurrentHashMap<>();
  private static volatile boolean hooked;

  /**
   * What makes two opened models the same.
   *
   * @param path the model directory or {@code .onnx} file as this JVM sees it
   * @param engine djl, onnx or tf
   * @param batchSize texts per encoder pass
   * @param settings further {@code mtc.*} settings, HOCON (may be empty)
   */
  record Key(String path, String engine, int batchSize, String settings) {}

  private ExecutorModels() {}

  /** The model for {@code key}, opened on first use. */
  static Classifier get(Key key) {
    Classifier model = OPEN.get(key);
    return model != null ? model : OPEN.computeIfAbsent(key, ExecutorModels::open);
  }

  /** How many models this JVM holds open (tests check that tasks share one). */
  static int openCount() {
    return OPEN.size();
  }

  private static Classifier open(Key key) {
    hookOnce();
    MtcOptions options =
        MtcOptions.defaults()
            .config(ConfigFactory.parseString(key.settings()))
            .engine(key.engine())
            .batchSize(key.batchSize());
    return Mtc.open(Path.of(key.path()), options);
  }

  private static synchronized void hookOnce() {
    if (!hooked) {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(ExecutorModels::closeAll, "mtc-close-models"));
      hooked = true;
    }
  }

  /** Closes every open model (the shutdown hook; no task may be predicting). */
  static void closeAll() {
    for (Key key : OPEN.keySet()) {
      Classifier model = OPEN.remove(key);
      if (model != null) {
        model.close();
      }
    }
  }
}
