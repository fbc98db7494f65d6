package org.mtc.tf;

import org.mtc.core.engine.FactoryEnginePlugin;

/**
 * The TensorFlow Java engine's entry point, found by ServiceLoader: binds {@link TfBackboneFactory} as engine
 * {@code tf}. Stateless and thread-safe; does no I/O (TensorFlow is only loaded when a backbone is opened).
 */
public final class TfEnginePlugin extends FactoryEnginePlugin {
  public static final String ENGINE = "tf";

  public TfEnginePlugin() {
    super(ENGINE, TfBackboneFactory.class);
  }
}
