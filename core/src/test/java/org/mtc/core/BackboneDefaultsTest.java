package org.mtc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtc.core.testing.HashingBackbone;

/** What {@link Backbone} gives an engine that reads single sentences only. */
class BackboneDefaultsTest {
  @Test
  void tokenCountsAreEstimatedFromWordsWithTheContextAfterOneMoreSep() {
    try (Backbone b = new HashingBackbone(4, 16, 1, false)) {
      assertThat(
              b.tokenCounts(
                  List.of(Input.of("a b c"), Input.of(" "), Input.withContext("x y", "a b c"))))
          .containsExactly(5, 2, 8);
    }
  }

  @Test
  void aBackboneWithoutPairsRefusesAContextAndNamesItsEngine() {
    try (Backbone b = new HashingBackbone(4, 16, 1, true)) {
      assertThat(b.encode(List.of(Input.of("a"), Input.of("b")))).hasDimensions(2, 4);
      assertThatThrownBy(() -> b.encode(List.of(Input.of("a"), Input.withContext("q", "b"))))
          .isInstanceOf(MtcException.class)
          .hasMessageContaining("the hashing backbone cannot read sentence pairs");
      assertThatThrownBy(() -> b.forwardForTraining(List.of(Input.withContext("q", "b"))))
          .isInstanceOf(MtcException.class)
          .hasMessageContaining("context-column");
    }
  }
}
