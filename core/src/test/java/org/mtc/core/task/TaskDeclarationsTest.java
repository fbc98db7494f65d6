package org.mtc.core.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.MtcException;
import org.mtc.core.settings.Settings;

class TaskDeclarationsTest {
  @TempDir Path dir;

  private MtcException loadFails(String text) throws Exception {
    Path f = dir.resolve("t.conf");
    Files.writeString(f, text);
    return Assertions.catchThrowableOfType(
        MtcException.class, () -> Settings.load(List.of(f), ConfigFactory.empty()));
  }

  @Test
  void twoBlocksOfOneNameAreAnErrorInEveryLayout() throws Exception {
    for (String text :
        List.of(
            "mtc.tasks {\n  a { data = x }\n  a {\n    data = y\n  }\n}\n",
            "mtc.tasks {\n  a { data = x, labels = [p, q] }\n  b { data = z }\n  a { data = y }\n}\n",
            "mtc.tasks.a { data = x }\nmtc { tasks { a = { data = y } } }\n",
            "mtc {\n  tasks {\n    \"a\" : { data = x }\n  }\n}\nmtc.tasks.a {\n  data = y\n}\n")) {
      MtcException e = loadFails(text);
      assertThat(e).as(text).isNotNull();
      assertThat(e.getMessage()).contains("task 'a' is declared twice").contains("t.conf:");
    }
  }

  @Test
  void singleKeysOnSeparateLinesCommentsAndStringsAreNotDeclarations() throws Exception {
    Path f = dir.resolve("ok.conf");
    Files.writeString(
        f,
        "# a { data = x }\nmtc.x = [{ a { b = 1 } }, {}]\nmtc.tasks {\n  a { data = x, labels = [\"a {\", b] }\n"
            + "  b { data = \"a { }\" } // a { }\n}\nmtc.tasks.a.kind = multi-label\nmtc.tasks.a.text-column = t\n");
    assertThat(TaskDeclarations.taskBlocks(Files.readString(f))).containsOnlyKeys("a", "b");
    Files.writeString(f, Files.readString(f).replace("mtc.x = [{ a { b = 1 } }, {}]\n", ""));
    TaskSet set = TaskSet.from(Settings.load(List.of(f), ConfigFactory.empty()));
    assertThat(set.names()).containsExactly("a", "b");
  }
}
