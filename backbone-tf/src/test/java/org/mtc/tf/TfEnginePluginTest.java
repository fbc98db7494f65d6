package org.mtc.tf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.Backbone;
import org.mtc.core.Input;
import org.mtc.core.Pooling;
import org.mtc.core.engine.Engines;
import org.mtc.core.testing.TinyModelDirectory;

/**
 * The engine is found through ServiceLoader and selected by name through the Guice map of
 * factories.
 */
class TfEnginePluginTest {
  @TempDir Path tmp;

  @Test
  void discoveredAndSelectedAsTf() {
    Engines engines = Engines.discover();
    assertThat(engines.names()).contains("tf"); // the only engine on this module's class path
    Path dir = TinyModelDirectory.create(tmp.resolve("bert"), "bert", 1);
    try (Backbone b = engines.open(TfTestSpecs.spec(dir, "tf", Pooling.CLS))) {
      assertThat(b).isInstanceOf(TfBackbone.class);
      assertThat(b.info().engine()).isEqualTo("tf");
      assertThat(b.encode(Input.ofTexts(List.of("hello")))).hasDimensions(1, 32);
    }
  }
}
