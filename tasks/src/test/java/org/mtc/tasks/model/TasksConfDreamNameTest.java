package org.mtc.tasks.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.mtc.core.Pooling;
import org.mtc.core.settings.Settings;
import org.mtc.core.task.TaskSet;

/**
 * A trained model keeps each task's DREAM name in its tasks.conf, so `mtc serve` answers under it.
 */
class TasksConfDreamNameTest {
  @Test
  void theDreamNameSurvivesRenderAndParseAndATaskWithoutOneStaysWithout() {
    TaskSet tasks =
        TaskSet.from(
            ConfigFactory.parseString(
                    "mtc.tasks { mood { data = m, labels = [a, b], "
                        + "dream-name = emotion_classification }, tags { data = t, labels = [x] } }")
                .withFallback(Settings.reference())
                .resolve());
    String text = new TasksConf(tasks, Pooling.MEAN, 64, ConfigFactory.empty()).render();
    TaskSet back = TasksConf.parse(text, "test").tasks();
    assertThat(back.task("mood").servedNames()).containsExactly("emotion_classification");
    assertThat(back.task("tags").dreamNames()).isEmpty();
    assertThat(text).doesNotContain("dream-name = \"\"");
    assertThat(text).contains("dream-name = \"emotion_classification\" }");
  }

  @Test
  void severalDreamNamesAreWrittenBackAsAListInTheirOrder() {
    TaskSet tasks =
        TaskSet.from(
            ConfigFactory.parseString(
                    "mtc.tasks { topics { data = t, labels = [a, b], "
                        + "dream-name = [deeppavlov_topics, cobot_topics] } }")
                .withFallback(Settings.reference())
                .resolve());
    String text = new TasksConf(tasks, Pooling.MEAN, 64, ConfigFactory.empty()).render();
    assertThat(text).contains("dream-name = [\"deeppavlov_topics\", \"cobot_topics\"]");
    TaskSet back = TasksConf.parse(text, "test").tasks();
    assertThat(back.task("topics").dreamNames())
        .containsExactly("deeppavlov_topics", "cobot_topics");
    assertThat(new TasksConf(back, Pooling.MEAN, 64, ConfigFactory.empty()).render())
        .isEqualTo(text);
  }
}
