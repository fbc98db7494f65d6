package org.mtc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputTest {
  @Test
  void theContextDefaultsToNothingAndANullContextMeansNothing() {
    assertThat(Input.of("hi").context()).isEmpty();
    assertThat(Input.of("hi").hasContext()).isFalse();
    assertThat(new Input("hi", null)).isEqualTo(Input.of("hi"));
    assertThat(Input.withContext(null, "hi")).isEqualTo(Input.of("hi"));
    assertThat(Input.withContext("", "hi").hasContext()).isFalse();
  }

  @Test
  void withContextTakesTheContextFirstAndTheTextSecond() {
    Input in = Input.withContext("how was your weekend?", "a bad day");
    assertThat(in.text()).isEqualTo("a bad day");
    assertThat(in.context()).isEqualTo("how was your weekend?");
    assertThat(in.hasContext()).isTrue();
    assertThat(in.withoutContext()).isEqualTo(Input.of("a bad day"));
  }

  @Test
  void aNullTextIsRefusedWithTheFix() {
    assertThatThrownBy(() -> Input.of(null))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("Input text is null")
        .hasMessageContaining("\"\"");
    assertThatThrownBy(() -> Input.withContext("ctx", null)).isInstanceOf(MtcException.class);
    assertThat(Input.of("").text()).isEmpty();
  }

  @Test
  void equalityIsByTextAndContext() {
    assertThat(Input.withContext("c", "t"))
        .isEqualTo(new Input("t", "c"))
        .hasSameHashCodeAs(new Input("t", "c"));
    assertThat(Input.withContext("c", "t")).isNotEqualTo(Input.withContext("t", "c"));
    assertThat(Input.withContext("c", "t")).isNotEqualTo(Input.of("t"));
  }

  @Test
  void batchesOfTexts() {
    List<Input> inputs = Input.ofTexts(List.of("a", "b"));
    assertThat(inputs).containsExactly(Input.of("a"), Input.of("b"));
    assertThat(Input.texts(inputs)).containsExactly("a", "b");
    assertThat(Input.anyContext(inputs)).isFalse();
    assertThat(Input.anyContext(List.of(Input.of("a"), Input.withContext("q", "b")))).isTrue();
    assertThatThrownBy(() -> Input.ofTexts(Arrays.asList("a", null)))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("text 1 of the batch is null");
    assertThatThrownBy(() -> Input.checkBatch(Arrays.asList(Input.of("a"), null)))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("input 1 of the batch is null");
  }
}
