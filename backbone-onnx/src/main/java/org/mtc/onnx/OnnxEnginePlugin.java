package org.mtc.onnx;

import org.mtc.core.inject.MtcModule;
import org.mtc.onnx.importer.BgeSmallImporter;
import org.mtc.onnx.importer.E5SmallImporter;
import org.mtc.onnx.importer.MiniLmImporter;

/**
 * The ONNX Runtime engine's module, listed in {@code
 * META-INF/services/org.mtc.core.inject.MtcModule}: binds {@link OnnxBackboneFactory} as engine
 * {@code onnx}, and the importers of the ONNX graphs this module ships ({@code minilm}, {@code
 * bge-small}, {@code e5-small}). Stateless; does no I/O (ONNX Runtime is loaded when a backbone is
 * opened).
 */
public final class OnnxEnginePlugin extends MtcModule {
  public static final String ENGINE = "onnx";

  @Override
  protected void configure() {
    bindEngine(ENGINE, OnnxBackboneFactory.class);
    bindImporter(MiniLmImporter.class);
    bindImporter(BgeSmallImporter.class);
    bindImporter(E5SmallImporter.class);
  }
}
