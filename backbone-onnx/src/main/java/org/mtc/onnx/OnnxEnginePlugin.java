package org.mtc.onnx;

import com.google.inject.Module;
import org.mtc.core.engine.EnginePlugin;

/**
 * The ONNX Runtime engine's entry point, found by ServiceLoader: binds {@link OnnxBackboneFactory} as engine
 * {@code onnx}. Stateless; does no I/O (ONNX Runtime is loaded when a backbone is opened).
 */
public final class OnnxEnginePlugin implements EnginePlugin {
  public static final String ENGINE = "onnx";

  @Override
  public String engine() {
    return ENGINE;
  }

  @Override
  public Module module() {
    return EnginePlugin.bindFactory(ENGINE, OnnxBackboneFactory.class);
  }
}
