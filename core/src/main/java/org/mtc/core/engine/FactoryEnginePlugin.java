package org.mtc.core.engine;

import com.google.inject.Module;

/**
 * The whole of an engine plugin whose module binds one {@link BackboneFactory} class under one engine name, as every
 * engine module's does: a subclass passes both to the constructor and is listed in
 * {@code META-INF/services/org.mtc.core.engine.EnginePlugin}. Immutable and thread-safe; does no I/O.
 */
public abstract class FactoryEnginePlugin implements EnginePlugin {
  private final String engine;
  private final Class<? extends BackboneFactory> factory;

  /** {@code engine}: the name users select with {@code mtc.backbone.engine}; {@code factory}: what it opens. */
  protected FactoryEnginePlugin(String engine, Class<? extends BackboneFactory> factory) {
    this.engine = engine;
    this.factory = factory;
  }

  @Override
  public final String engine() {
    return engine;
  }

  @Override
  public final Module module() {
    return EnginePlugin.bindFactory(engine, factory);
  }
}
