package org.mtc.tf;

import com.typesafe.config.Config;
import org.mtc.core.MtcException;
import org.mtc.core.engine.BackboneFactory;
import org.mtc.core.engine.BackboneSpec;
import org.tensorflow.proto.ConfigProto;

/**
 * Opens {@link TfBackbone}s on TensorFlow Java (libtensorflow from the {@code tensorflow-core-native} jar).
 * Reads {@code mtc.backbone.tf.threads} from the spec's engine settings: above 0 it sets the session's intra-op
 * thread count. Stateless and thread-safe; the caller owns and closes every backbone it opens.
 */
public final class TfBackboneFactory implements BackboneFactory {
  public TfBackboneFactory() {
    // public no-argument constructor for ServiceLoader/Guice and tests
  }

  @Override
  public TfBackbone open(BackboneSpec spec) {
    ConfigProto.Builder session = ConfigProto.newBuilder();
    int threads = threads(spec.engineSettings());
    if (threads > 0) {
      session.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(1);
    }
    try {
      return new TfBackbone(spec, session.build());
    } catch (UnsatisfiedLinkError e) {
      throw new MtcException("could not load TensorFlow: " + e.getMessage() + " (needs "
          + "org.tensorflow:tensorflow-core-native:1.1.0:linux-x86_64 on the classpath)", e);
    }
  }

  static int threads(Config settings) {
    if (!settings.hasPath("threads")) {
      return 0;
    }
    int threads = settings.getInt("threads");
    if (threads < 0) {
      throw new MtcException(settings.origin().description() + ": mtc.backbone.tf.threads must be 0 (engine "
          + "default) or a positive thread count, got " + threads);
    }
    return threads;
  }
}
