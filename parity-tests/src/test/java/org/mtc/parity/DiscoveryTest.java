package org.mtc.parity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mtc.core.engine.Engines;
import org.mtc.core.engine.Importers;

/**
 * With every engine jar on the class path, ServiceLoader finds all engines and importers side by
 * side.
 */
class DiscoveryTest {
  @Test
  void everyEngineAndImporterIsFoundByServiceLoader() {
    assertThat(Engines.discover().names()).containsExactly("djl", "onnx", "tf");
    assertThat(Importers.discover().names())
        .containsExactly("bert-base", "bge-small", "distilbert", "e5-small", "minilm");
    assertThat(Importers.discover().find("bert-base-uncased").name()).isEqualTo("bert-base");
    assertThat(Importers.discover().all())
        .allSatisfy(i -> assertThat(i.card()).as(i.name()).isPresent());
  }
}
