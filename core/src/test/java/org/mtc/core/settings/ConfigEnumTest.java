package org.mtc.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mtc.core.MtcException;
import org.mtc.core.TaskKind;

class ConfigEnumTest {
  @Test
  void spellsConstantsInKebabCaseAndParsesThemBack() {
    assertThat(TaskKind.MULTI_LABEL.configName()).isEqualTo("multi-label");
    assertThat(TaskKind.parse("single-label", "tasks.conf:3")).isEqualTo(TaskKind.SINGLE_LABEL);
    assertThat(ConfigEnum.parse(TaskKind.class, "multi-label", "unused")).isEqualTo(TaskKind.MULTI_LABEL);
  }

  @Test
  void unknownValueNamesThePlaceSuggestsAndListsTheValues() {
    assertThatThrownBy(() -> TaskKind.parse("multi_label", "tasks.conf:3 (mtc.tasks.x.kind)"))
        .isInstanceOf(MtcException.class)
        .hasMessage("tasks.conf:3 (mtc.tasks.x.kind): unknown task kind 'multi_label'; did you mean 'multi-label'?"
            + "; use one of single-label, multi-label");
  }

  @Test
  void constantNamesAreNotAcceptedAsSpellings() {
    assertThatThrownBy(() -> TaskKind.parse("MULTI_LABEL", "here"))
        .isInstanceOf(MtcException.class)
        .hasMessageEndingWith("use one of single-label, multi-label");
  }
}
