package org.mtc.core.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.MtcException;
import org.mtc.core.TaskKind;
import org.mtc.core.settings.Settings;

class TaskSetTest {
  @TempDir Path dir;

  @Test
  void keepsDeclarationOrderMergesDefaultsAndSelectsSubsets() throws Exception {
    Path f = dir.resolve("t.conf");
    Files.writeString(
        f,
        "mtc.tasks {\n  zeta { data = z }\n  alpha { data = a, kind = multi-label }\n"
            + "  mid { data = m, labels = [x, y] }\n}\n");
    TaskSet set = TaskSet.from(Settings.load(List.of(f), ConfigFactory.empty()));
    assertThat(set.names()).containsExactly("zeta", "alpha", "mid");
    assertThat(set.task("alpha").kind()).isEqualTo(TaskKind.MULTI_LABEL);
    assertThat(set.task("alpha").labelColumn()).isEqualTo("labels");
    assertThat(set.task("zeta").labelColumn()).isEqualTo("label");
    assertThat(set.task("mid").declaredLabels()).contains(List.of("x", "y"));
    assertThat(set.only(Set.of("mid", "zeta")).names()).containsExactly("zeta", "mid");
    assertThatThrownBy(() -> set.only(Set.of("alpah")))
        .hasMessageContaining("did you mean 'alpha'");
    assertThat(set.inOrder(List.of("mid", "zeta")).names()).containsExactly("mid", "zeta");
    assertThatThrownBy(() -> set.inOrder(List.of("alpah")))
        .hasMessageContaining("did you mean 'alpha'");
  }

  @Test
  void taskWithoutDataNamesTheFile() throws Exception {
    Path f = dir.resolve("t.conf");
    Files.writeString(f, "mtc.tasks {\n  a { kind = single-label }\n}\n");
    assertThatThrownBy(() -> TaskSet.from(Settings.load(List.of(f), ConfigFactory.empty())))
        .hasMessageContaining("t.conf:2")
        .hasMessageContaining("no `data");
  }

  @Test
  void aDreamNameIsServedInsteadOfTheTaskNameAndATaskWithoutOneKeepsItsOwn() throws Exception {
    Path f = dir.resolve("t.conf");
    Files.writeString(
        f,
        "mtc.tasks {\n  mood { data = m, dream-name = emotion_classification }\n  tags { data = t }\n}\n");
    TaskSet set = TaskSet.from(Settings.load(List.of(f), ConfigFactory.empty()));
    assertThat(set.task("mood").dreamNames()).containsExactly("emotion_classification");
    assertThat(set.task("mood").servedNames()).containsExactly("emotion_classification");
    assertThat(set.task("tags").dreamNames()).isEmpty();
    assertThat(set.task("tags").servedNames()).containsExactly("tags");
  }

  @Test
  void aListOfDreamNamesIsServedUnderEachInTheOrderGiven() throws Exception {
    Path f = dir.resolve("t.conf");
    Files.writeString(
        f,
        "mtc.tasks {\n  topics { data = t, dream-name = [deeppavlov_topics, cobot_topics] }\n}\n");
    TaskSet set = TaskSet.from(Settings.load(List.of(f), ConfigFactory.empty()));
    assertThat(set.task("topics").servedNames())
        .containsExactly("deeppavlov_topics", "cobot_topics");
  }

  @Test
  void anEmptyDuplicateOrMistypedDreamNameIsRefusedWithItsFileAndLine() throws Exception {
    assertRefused("  a { data = a, dream-name = \"\" }\n", "t.conf:2", "empty name");
    assertRefused("  a { data = a, dream-name = [] }\n", "t.conf:2", "empty list");
    assertRefused("  a { data = a, dream-name = [x, x] }\n", "t.conf:2", "'x' twice");
    assertRefused("  a { data = a, dream-name = 3 }\n", "t.conf:2", "got number 3");
    assertRefused("  a { data = a, dream-name = [x, { y = 1 }] }\n", "t.conf:2", "got object");
    assertRefused("  a { data = a, dream-name = [x, 7] }\n", "t.conf:2", "a list of names");
    assertRefused(
        "  a { data = a, dream-name = [x, y] }\n  b { data = b, dream-name = y }\n",
        "t.conf:3",
        "task 'a' (");
    assertRefused("  a { data = a }\n  b { data = b, dream-name = a }\n", "t.conf:3", "'a'");
  }

  private void assertRefused(String tasks, String where, String message) throws Exception {
    Path f = dir.resolve("t.conf");
    Files.writeString(f, "mtc.tasks {\n" + tasks + "}\n");
    assertThatThrownBy(() -> TaskSet.from(Settings.load(List.of(f), ConfigFactory.empty())))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(where)
        .hasMessageContaining(message);
  }
}
