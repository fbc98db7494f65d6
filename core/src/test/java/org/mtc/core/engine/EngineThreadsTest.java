package org.mtc.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.mtc.core.MtcException;

class EngineThreadsTest {
  @Test
  void absentIsZeroAndAPositiveCountIsKept() {
    assertThat(EngineThreads.read(ConfigFactory.empty(), "tf", "engine default")).isZero();
    assertThat(EngineThreads.read(ConfigFactory.parseString("threads = 3"), "tf", "engine default"))
        .isEqualTo(3);
  }

  @Test
  void negativeNamesTheKeyAndWhatZeroMeans() {
    assertThatThrownBy(
            () ->
                EngineThreads.read(
                    ConfigFactory.parseString("threads = -2"),
                    "djl",
                    "one per available processor"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("mtc.backbone.djl.threads must be 0 (one per available processor)")
        .hasMessageContaining("got -2");
  }
}
