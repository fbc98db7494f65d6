package org.mtc.djl;

import org.mtc.core.engine.FactoryEnginePlugin;

/**
 * The DJL engine's entry point, found by ServiceLoader: binds {@link DjlBackboneFactory} as engine {@code djl}.
 * Stateless and thread-safe; does no I/O (PyTorch is only loaded when a backbone is opened).
 */
public final class DjlEnginePlugin extends FactoryEnginePlugin {
  public static final String ENGINE = "djl";

  public DjlEnginePlugin() {
    super(ENGINE, DjlBackboneFactory.class);
  }
}
