package org.mtc.tf;

import com.google.inject.Module;
import org.mtc.core.engine.EnginePlugin;

/**
 * The TensorFlow Java engine's entry point, found by ServiceLoader: binds {@link TfBackboneFactory} as engine
 * {@code tf}. Stateless and thread-safe; does no I/O (TensorFlow is only loaded when a backbone is opened).
 */
public final class TfEnginePlugin implements EnginePlugin {
  public static final String ENGINE = "tf";

  @Override
  public String engine() {
    return ENGINE;
  }

  @Override
  public Module module() {
    return EnginePlugin.bindFactory(ENGINE, TfBackboneFactory.class);
  }
}
