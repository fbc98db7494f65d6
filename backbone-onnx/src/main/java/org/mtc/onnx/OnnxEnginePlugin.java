package org.mtc.onnx;

import org.mtc.core.engine.FactoryEnginePlugin;

/**
 * The ONNX Runtime engine's entry point, found by ServiceLoader: binds {@link OnnxBackboneFactory} as engine
 * {@code onnx}. Stateless; does no I/O (ONNX Runtime is loaded when a backbone is opened).
 */
public final class OnnxEnginePlugin extends FactoryEnginePlugin {
  public static final String ENGINE = "onnx";

  public OnnxEnginePlugin() {
    super(ENGINE, OnnxBackboneFactory.class);
  }
}
