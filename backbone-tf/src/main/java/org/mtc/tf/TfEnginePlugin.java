package org.mtc.tf;

import org.mtc.core.inject.MtcModule;
import org.mtc.tf.importer.BertBaseImporter;
import org.mtc.tf.importer.DistilBertImporter;

/**
 * The TensorFlow Java engine's module, listed in {@code
 * META-INF/services/org.mtc.core.inject.MtcModule}: binds {@link TfBackboneFactory} as engine
 * {@code tf}, and the importers of this module ({@code bert-base} from the TF SavedModel, {@code
 * distilbert} cut from it). Stateless; does no I/O (TensorFlow is only loaded when a backbone is
 * opened).
 */
public final class TfEnginePlugin extends MtcModule {
  public static final String ENGINE = "tf";

  @Override
  protected void configure() {
    bindEngine(ENGINE, TfBackboneFactory.class);
    bindImporter(BertBaseImporter.class);
    bindImporter(DistilBertImporter.class);
  }
}
