package org.mtc.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mtc.core.MtcException;

class ConfigEnumTest {
  /** An enum spelled in settings like every ConfigEnum. */
  enum Shape implements ConfigEnum {
    ROUND_ROBIN,
    ONE_SHOT
  }

  @Test
  void spellsConstantsInKebabCaseAndParsesThemBack() {
    assertThat(Shape.ONE_SHOT.configName()).isEqualTo("one-shot");
    assertThat(ConfigEnum.parse(Shape.class, "round-robin", "unused")).isEqualTo(Shape.ROUND_ROBIN);
  }

  @Test
  void unknownValueNamesThePlaceSuggestsAndListsTheValues() {
    assertThatThrownBy(
            () -> ConfigEnum.parse(Shape.class, "one_shot", "f.conf:3: unknown shape 'one_shot'"))
        .isInstanceOf(MtcException.class)
        .hasMessage(
            "f.conf:3: unknown shape 'one_shot'; did you mean 'one-shot'?; use one of round-robin, one-shot");
  }

  @Test
  void constantNamesAreNotAcceptedAsSpellings() {
    assertThatThrownBy(() -> ConfigEnum.parse(Shape.class, "ONE_SHOT", "here"))
        .isInstanceOf(MtcException.class)
        .hasMessageEndingWith("use one of round-robin, one-shot");
  }
}
