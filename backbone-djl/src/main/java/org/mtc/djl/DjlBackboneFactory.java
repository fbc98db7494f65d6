package org.mtc.djl;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.typesafe.config.Config;
import org.mtc.core.MtcException;
import org.mtc.core.engine.BackboneFactory;
import org.mtc.core.engine.BackboneSpec;

/**
 * Opens {@link DjlBackbone}s on DJL's PyTorch engine (libtorch from the {@code pytorch-native-cpu} jar; DJL is
 * kept offline). Reads {@code mtc.backbone.djl.threads} from the spec's engine settings: above 0 it sets
 * PyTorch's intra-op thread count (process-wide). Stateless and thread-safe; the caller owns and closes every
 * backbone it opens.
 */
public final class DjlBackboneFactory implements BackboneFactory {
  static final String PYTORCH = "PyTorch";

  public DjlBackboneFactory() {
    // public no-argument constructor for ServiceLoader/Guice and tests
  }

  @Override
  public DjlBackbone open(BackboneSpec spec) {
    Engine engine = pytorch();
    int threads = threads(spec.engineSettings());
    if (threads > 0) {
      JniUtils.setNumThreads(threads);
    }
    if (!spec.fineTuning().frozen()) {
      engine.setRandomSeed((int) spec.seed()); // seeds dropout; PyTorch's generator is process-wide
    }
    return new DjlBackbone(engine, spec);
  }

  static int threads(Config settings) {
    if (!settings.hasPath("threads")) {
      return 0;
    }
    int threads = settings.getInt("threads");
    if (threads < 0) {
      throw new MtcException(settings.origin().description() + ": mtc.backbone.djl.threads must be 0 (engine "
          + "default) or a positive thread count, got " + threads);
    }
    return threads;
  }

  /** The PyTorch engine, loaded offline; a clear error when libtorch cannot be loaded. */
  static synchronized Engine pytorch() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true"); // never download libtorch: the native jar ships it
    }
    try {
      return Engine.getEngine(PYTORCH);
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new MtcException("could not start DJL's PyTorch engine: " + e.getMessage() + " (needs "
          + "ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64 and pytorch-jni on the classpath)", e);
    }
  }
}
