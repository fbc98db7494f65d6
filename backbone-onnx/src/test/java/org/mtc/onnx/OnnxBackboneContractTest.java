package org.mtc.onnx;

import org.mtc.core.engine.BackboneFactory;
import org.mtc.core.testing.BackboneContract;

/**
 * The engine contract (core's test-jar, shared by every engine module) on ONNX Runtime, inference
 * only.
 */
class OnnxBackboneContractTest extends BackboneContract {
  @Override
  protected BackboneFactory factory() {
    return new OnnxBackboneFactory();
  }

  @Override
  protected String engine() {
    return OnnxEnginePlugin.ENGINE;
  }

  @Override
  protected boolean trains() {
    return false;
  }
}
