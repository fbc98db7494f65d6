package org.mtc.tasks.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tasks.conf keeps the head settings a model was trained with: a rendered file reads them back, and
 * a file written before they were braced (one line {@code mtc.heads dropout=0.1,...}, which HOCON
 * read as other keys) is read as meant.
 */
class TasksConfHeadsTest {
  @TempDir Path tmp;

  private static final String TASKS =
      "mtc.tasks {\n  \"mood\" { kind = single-label, data = \"mood\", labels = [\"bad\", \"good\"] }\n}\n";

  @Test
  void renderedHeadSettingsAreReadBack() throws Exception {
    TasksConf conf =
        TasksConf.parse("mtc.heads { dropout = 0.2, pooler = false }\n" + TASKS, "test");
    Path file = Files.writeString(tmp.resolve("tasks.conf"), conf.render());
    TasksConf read = TasksConf.read(file);
    assertThat(read.heads().getDouble("dropout")).isEqualTo(0.2);
    assertThat(read.heads().getBoolean("pooler")).isFalse();
    assertThat(
            read.headSettings(ConfigFactory.parseString("mtc.heads.pooler = true"))
                .getBoolean("mtc.heads.pooler"))
        .as("the recorded settings win over the given ones")
        .isFalse();
  }

  @Test
  void theOldUnbracedHeadsLineIsReadAsMeant() throws Exception {
    Path file =
        Files.writeString(
            tmp.resolve("tasks.conf"),
            "mtc.backbone.pooling = mean\nmtc.heads dropout=0.1,init-std=0.02,"
                + "multi-label-prior-bias=true,pooler=false\n"
                + TASKS);
    TasksConf read = TasksConf.read(file);
    assertThat(read.heads().getDouble("dropout")).isEqualTo(0.1);
    assertThat(read.heads().getDouble("init-std")).isEqualTo(0.02);
    assertThat(read.heads().getBoolean("pooler")).isFalse();
    assertThat(read.names()).containsExactly("mood");
  }
}
