package org.mtc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The kinds' spellings, the registry's errors, and the JSON form checkpoints and outcome files
 * keep.
 */
class TaskKindsTest {
  @Test
  void builtInKindsAreSpelledInKebabCaseAndParseBackToTheConstants() {
    assertThat(TaskKind.MULTI_LABEL.configName()).isEqualTo("multi-label");
    assertThat(TaskKind.parse("single-label", "tasks.conf:3")).isSameAs(TaskKind.SINGLE_LABEL);
    assertThat(TaskKinds.parse("multi-label", "unused")).isSameAs(TaskKind.MULTI_LABEL);
    assertThat(TaskKinds.all()).startsWith(TaskKind.SINGLE_LABEL, TaskKind.MULTI_LABEL);
    assertThat(TaskKind.SINGLE_LABEL.defaultLabelColumn()).isEqualTo("label");
    assertThat(TaskKind.MULTI_LABEL.defaultLabelColumn()).isEqualTo("labels");
  }

  @Test
  void unknownKindNamesThePlaceSuggestsAndListsTheKinds() {
    assertThatThrownBy(() -> TaskKind.parse("multi_label", "tasks.conf:3 (mtc.tasks.x.kind)"))
        .isInstanceOf(MtcException.class)
        .hasMessage(
            "tasks.conf:3 (mtc.tasks.x.kind): unknown task kind 'multi_label'; did you mean 'multi-label'?"
                + "; use one of single-label, multi-label");
    assertThatThrownBy(() -> TaskKind.parse("MULTI_LABEL", "here"))
        .isInstanceOf(MtcException.class)
        .hasMessageEndingWith("use one of single-label, multi-label");
  }

  @Test
  void twoKindsOfOneNameOrABadlySpelledNameAreRefused() {
    assertThatThrownBy(
            () -> TaskKinds.byName(List.of(TaskKind.SINGLE_LABEL, new SingleLabelKind())))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("two task kinds are named 'single-label'");
    TaskKind badName =
        (TaskKind)
            Proxy.newProxyInstance(
                TaskKind.class.getClassLoader(),
                new Class<?>[] {TaskKind.class},
                (proxy, method, args) -> "Single_Label");
    assertThatThrownBy(() -> TaskKinds.byName(List.of(badName)))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("'Single_Label'");
  }

  @Test
  void jsonKeepsTheConstantNamesTheEnumWrote() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertThat(json.writeValueAsString(Map.of("kind", TaskKind.MULTI_LABEL)))
        .isEqualTo("{\"kind\":\"MULTI_LABEL\"}");
    assertThat(json.readValue("\"SINGLE_LABEL\"", TaskKind.class)).isSameAs(TaskKind.SINGLE_LABEL);
    assertThat(TaskKinds.fromConstantName("MULTI_LABEL", "outcomes.json"))
        .isSameAs(TaskKind.MULTI_LABEL);
    assertThatThrownBy(() -> json.readValue("\"ORDINAL\"", TaskKind.class))
        .hasMessageContaining("unknown task kind 'ordinal'");
  }

  @Test
  void builtInDecisionsAreArgmaxAndThresholds() {
    assertThat(TaskKind.SINGLE_LABEL.decide(new float[] {0.2f, 0.5f, 0.5f}, new float[0]))
        .containsExactly(1);
    assertThat(
            TaskKind.MULTI_LABEL.decide(
                new float[] {0.2f, 0.5f, 0.7f}, new float[] {0.1f, 0.6f, 0.7f}))
        .containsExactly(0, 2);
    assertThat(TaskKind.MULTI_LABEL.target(new int[] {0, 2}, 3)).containsExactly(1f, 0f, 1f);
  }
}
