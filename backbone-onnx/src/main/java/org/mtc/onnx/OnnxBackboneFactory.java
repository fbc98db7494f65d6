package org.mtc.onnx;

import org.mtc.core.engine.BackboneFactory;
import org.mtc.core.engine.BackboneSpec;

/**
 * Opens {@link OnnxBackbone}s on ONNX Runtime with the settings {@code mtc.backbone.onnx.*} of the
 * spec. Stateless and thread-safe; the caller owns and closes every backbone it opens.
 */
public final class OnnxBackboneFactory implements BackboneFactory {
  public OnnxBackboneFactory() {
    // for Guice
  }

  @Override
  public OnnxBackbone open(BackboneSpec spec) {
    return new OnnxBackbone(spec, OnnxSettings.from(spec.engineSettings()));
  }
}
