package org.mtc.core.engine;

import com.typesafe.config.Config;
import org.mtc.core.MtcException;

/**
 * The {@code threads} key that engines with a native thread pool read from their own settings
 * subtree ({@code mtc.backbone.<engine>.threads}, {@link BackboneSpec#engineSettings()}): 0 leaves
 * the count to the engine, a positive value sets it. Stateless and thread-safe.
 */
public final class EngineThreads {
  private EngineThreads() {}

  /**
   * The thread count, 0 when the key is absent.
   *
   * @param engineSettings the engine's subtree, e.g. the contents of {@code mtc.backbone.djl}
   * @param engine the engine's name, for the message
   * @param zeroMeans what 0 does on this engine, for the message, e.g. {@code "one per available
   *     processor"}
   * @throws MtcException naming the file and key when the value is negative
   */
  public static int read(Config engineSettings, String engine, String zeroMeans) {
    if (!engineSettings.hasPath("threads")) {
      return 0;
    }
    int threads = engineSettings.getInt("threads");
    if (threads < 0) {
      throw new MtcException(
          engineSettings.origin().description()
              + ": mtc.backbone."
              + engine
              + ".threads must be 0 ("
              + zeroMeans
              + ") or a positive thread count, got "
              + threads);
    }
    return threads;
  }
}
