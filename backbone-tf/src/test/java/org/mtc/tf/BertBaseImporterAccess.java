package org.mtc.tf;

import org.mtc.core.io.FloatTensor;
import org.mtc.tf.importer.BertBaseImporter;

/** Test access to the importer's name mapping (package-private there). */
final class BertBaseImporterAccess {
  private BertBaseImporterAccess() {}

  static String tfName(String hf) {
    return BertBaseImporter.tfNameOf(hf);
  }

  static FloatTensor transpose(FloatTensor t) {
    return BertBaseImporter.transposed(t);
  }
}
