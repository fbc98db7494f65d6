package org.mtc.tf;

import com.typesafe.config.Config;
import org.mtc.core.MtcException;
import org.mtc.core.engine.BackboneFactory;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.engine.EngineThreads;
import org.tensorflow.proto.ConfigProto;

/**
 * Opens {@link TfBackbone}s on TensorFlow Java (libtensorflow from the {@code
 * tensorflow-core-native} jar). Reads {@code mtc.backbone.tf.threads} from the spec's engine
 * settings (above 0 it sets the session's intra-op thread count) and {@code mtc.backbone.tf.spin}
 * (false: idle pool threads sleep at once instead of spinning briefly, TensorFlow's {@code
 * disable_thread_spinning}). Stateless and thread-safe; the caller owns and closes every backbone
 * it opens.
 */
public final class TfBackboneFactory implements BackboneFactory {
  public TfBackboneFactory() {
    // public no-argument constructor for Guice and tests
  }

  @Override
  public TfBackbone open(BackboneSpec spec) {
    try {
      return new TfBackbone(spec, sessionConfig(spec.engineSettings()));
    } catch (UnsatisfiedLinkError e) {
      throw new MtcException(
          "could not load TensorFlow: "
              + e.getMessage()
              + " (needs "
              + "org.tensorflow:tensorflow-core-native:1.1.0:linux-x86_64 on the classpath)",
          e);
    }
  }

  /**
   * The session configuration of the engine settings {@code mtc.backbone.tf}. TensorFlow creates
   * its CPU thread pools once per process, so the first session's threads and spinning apply to
   * every later one.
   */
  static ConfigProto sessionConfig(Config settings) {
    ConfigProto.Builder session = ConfigProto.newBuilder();
    int threads = threads(settings);
    if (threads > 0) {
      session.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(1);
    }
    boolean spin = !settings.hasPath("spin") || settings.getBoolean("spin");
    session.setExperimental(ConfigProto.Experimental.newBuilder().setDisableThreadSpinning(!spin));
    return session.build();
  }

  static int threads(Config settings) {
    return EngineThreads.read(settings, TfEnginePlugin.ENGINE, "engine default");
  }
}
