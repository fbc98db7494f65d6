package org.mtc.djl;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.typesafe.config.Config;
import org.mtc.core.MtcException;
import org.mtc.core.engine.BackboneFactory;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.engine.EngineThreads;

/**
 * Opens {@link DjlBackbone}s on DJL's PyTorch engine (libtorch from the {@code pytorch-native-cpu}
 * jar; DJL is kept offline). Reads {@code mtc.backbone.djl.threads} from the spec's engine settings
 * and sets PyTorch's intra-op thread count (process-wide): the setting when above 0, else {@link
 * #defaultThreads}.
 *
 * <p>How PyTorch's OpenMP workers wait (libgomp: {@code OMP_WAIT_POLICY}, {@code GOMP_SPINCOUNT})
 * is read from the environment when libtorch loads and cannot be set from Java; {@code bin/mtc}
 * sets {@code OMP_WAIT_POLICY=PASSIVE} (docs/threads.md). Stateless and thread-safe; the caller
 * owns and closes every backbone it opens.
 */
public final class DjlBackboneFactory implements BackboneFactory {
  static final String PYTORCH = "PyTorch";
  private static final String DJL_THREADS = "ai.djl.pytorch.num_threads";
  private static int libtorchDefault; // guarded by the class lock

  public DjlBackboneFactory() {
    // public no-argument constructor for Guice and tests
  }

  @Override
  public DjlBackbone open(BackboneSpec spec) {
    Engine engine = pytorch();
    int threads = threads(spec.engineSettings());
    int libtorchDefault = libtorchDefault(); // read before the first change
    if (threads > 0) {
      JniUtils.setNumThreads(threads);
    } else if (System.getProperty(DJL_THREADS)
        == null) { // DJL's own property, applied when the engine started
      JniUtils.setNumThreads(defaultThreads(libtorchDefault));
    }
    if (!spec.fineTuning().frozen()) {
      engine.setRandomSeed((int) spec.seed()); // seeds dropout; PyTorch's generator is process-wide
    }
    return new DjlBackbone(engine, spec);
  }

  static int threads(Config settings) {
    return EngineThreads.read(settings, DjlEnginePlugin.ENGINE, "one per available processor");
  }

  /**
   * Intra-op threads when {@code threads = 0}: one per processor this JVM may use ({@link
   * Runtime#availableProcessors()}, which honours CPU affinity and cgroup CPU limits, unlike
   * libtorch's own count of the host's physical cores), but never more than libtorch's default.
   */
  static int defaultThreads(int libtorchDefault) {
    int available = Runtime.getRuntime().availableProcessors();
    return Math.max(1, libtorchDefault > 0 ? Math.min(available, libtorchDefault) : available);
  }

  /** libtorch's own intra-op thread count, read once before this class first changes it. */
  static synchronized int libtorchDefault() {
    if (libtorchDefault == 0) {
      libtorchDefault = JniUtils.getNumThreads();
    }
    return libtorchDefault;
  }

  /** The PyTorch engine, loaded offline; a clear error when libtorch cannot be loaded. */
  static synchronized Engine pytorch() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty(
          "ai.djl.offline", "true"); // never download libtorch: the native jar ships it
    }
    try {
      return Engine.getEngine(PYTORCH);
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new MtcException(
          "could not start DJL's PyTorch engine: "
              + e.getMessage()
              + " (needs "
              + "ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64 and pytorch-jni on the classpath)",
          e);
    }
  }
}
