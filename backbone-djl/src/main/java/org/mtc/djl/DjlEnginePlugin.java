package org.mtc.djl;

import com.google.inject.Module;
import org.mtc.core.engine.EnginePlugin;

/**
 * The DJL engine's entry point, found by ServiceLoader: binds {@link DjlBackboneFactory} as engine {@code djl}.
 * Stateless and thread-safe; does no I/O (PyTorch is only loaded when a backbone is opened).
 */
public final class DjlEnginePlugin implements EnginePlugin {
  public static final String ENGINE = "djl";

  @Override
  public String engine() {
    return ENGINE;
  }

  @Override
  public Module module() {
    return EnginePlugin.bindFactory(ENGINE, DjlBackboneFactory.class);
  }
}
