package org.mtc.tf;

import org.mtc.core.io.FloatTensor;

/** Test access to the importer's name mapping (package-private there). */
final class BertBaseImporterAccess {
  private BertBaseImporterAccess() {
  }

  static String tfName(String hf) {
    return org.mtc.tf.importer.BertBaseImporter.tfNameOf(hf);
  }

  static FloatTensor transpose(FloatTensor t) {
    return org.mtc.tf.importer.BertBaseImporter.transposed(t);
  }
}
