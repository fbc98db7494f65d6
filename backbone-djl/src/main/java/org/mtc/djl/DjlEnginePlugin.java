package org.mtc.djl;

import org.mtc.core.inject.MtcModule;

/**
 * The DJL engine's module, listed in {@code META-INF/services/org.mtc.core.inject.MtcModule}: binds
 * {@link DjlBackboneFactory} as engine {@code djl}. Stateless; does no I/O (PyTorch is only loaded
 * when a backbone is opened).
 */
public final class DjlEnginePlugin extends MtcModule {
  public static final String ENGINE = "djl";

  @Override
  protected void configure() {
    bindEngine(ENGINE, DjlBackboneFactory.class);
  }
}
