package org.mtc.tf;

import java.nio.file.Files;
import java.nio.file.Path;
import org.mtc.tf.importer.BertBaseImporter;
import org.mtc.tf.importer.DistilBertImporter;
import org.mtc.tf.importer.EasyBertArtifact;

/**
 * The real BERT-base SavedModel and the directories imported from it, made once under {@code
 * target/imported} and reused by every test class (and later builds until {@code mvn clean}):
 * importing reads 440 MB.
 */
final class ImportedModels {
  static final Path ROOT = Path.of("target", "imported").toAbsolutePath();

  private ImportedModels() {}

  static synchronized Path savedModel() {
    Path dir = ROOT.resolve("bert-base-savedmodel");
    if (!Files.isRegularFile(dir.resolve("variables/variables.index"))) {
      EasyBertArtifact.extractTo(dir);
    }
    return dir;
  }

  static synchronized Path bertBase() {
    Path dir = ROOT.resolve("bert-base");
    if (!Files.isRegularFile(dir.resolve("model.safetensors"))) {
      BertBaseImporter.importFrom(savedModel(), 12, dir, true);
    }
    return dir;
  }

  static synchronized Path distilBert() {
    Path dir = ROOT.resolve("distilbert");
    if (!Files.isRegularFile(dir.resolve("model.safetensors"))) {
      DistilBertImporter.importTo(bertBase(), dir, true);
    }
    return dir;
  }
}
