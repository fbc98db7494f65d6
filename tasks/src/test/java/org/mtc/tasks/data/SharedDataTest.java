package org.mtc.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.mtc.core.TaskKind;
import org.mtc.core.settings.Settings;
import org.mtc.core.task.TaskSet;
import org.mtc.core.task.TaskSpec;

/** Loads every split of the nine default tasks from the real shared data directory. */
class SharedDataTest {
  private static final Map<String, Integer> LABELS =
      Map.of(
          "emotion",
          7,
          "goemotions",
          28,
          "sentiment",
          3,
          "toxic",
          2,
          "factoid",
          2,
          "midas",
          13,
          "topics",
          10,
          "dialog-acts",
          4,
          "intents",
          151);

  private static TaskSet tasks(String hocon) {
    Config settings = ConfigFactory.parseString(hocon).withFallback(Settings.reference()).resolve();
    return TaskSet.from(settings);
  }

  @Test
  void allNineTasksLoadWithTheirRowCountsInSeconds() throws IOException {
    Path dataDir = DataDirectory.resolve(ConfigFactory.empty(), Optional.empty());
    JsonNode stats = new ObjectMapper().readTree(dataDir.resolve("stats.json").toFile());
    TaskSet set =
        tasks(
            "mtc.tasks { emotion.data = emotion, goemotions { data = goemotions, kind = multi-label }, "
                + "sentiment.data = sentiment, toxic.data = toxic, factoid.data = factoid, midas.data = midas, "
                + "topics.data = topics, dialog-acts.data = dialog-acts, intents.data = intents }");
    long start = System.nanoTime();
    for (TaskSpec spec : set.tasks()) {
      TaskData data =
          TaskDataLoader.load(
              spec, dataDir, Optional.empty(), Set.of("train", "dev", "test"), 0, 42);
      JsonNode expected = stats.get("data/" + spec.name());
      for (String split : TaskDataLoader.SPLITS) {
        assertThat(data.split(split))
            .as(spec.name() + " " + split)
            .hasSize(expected.get(split).asInt());
      }
      assertThat(data.labels().size())
          .as(spec.name() + " labels")
          .isEqualTo(LABELS.get(spec.name()));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("loaded the nine default tasks in %.2f s%n", seconds);
    assertThat(seconds).isLessThan(20);
  }

  @Test
  void theDefaultTaskSetFileMatchesTheData() {
    Path conf = Path.of("..", "conf", "dream9.conf");
    Assumptions.assumeTrue(
        Files.isRegularFile(conf), "no " + conf.toAbsolutePath() + " next to this module");
    Path dataDir = DataDirectory.resolve(ConfigFactory.empty(), Optional.empty());
    TaskSet set = TaskSet.from(Settings.load(List.of(conf), ConfigFactory.empty()));
    assertThat(set.names()).containsExactlyInAnyOrderElementsOf(LABELS.keySet());
    for (TaskSpec spec : set.tasks()) {
      // Declared labels must cover every row of every split (unknown labels throw).
      TaskData data =
          TaskDataLoader.load(spec, dataDir, Optional.empty(), Set.of("dev", "test"), 0, 42);
      assertThat(data.labels().size())
          .as(spec.name())
          .isGreaterThanOrEqualTo(LABELS.get(spec.name()));
      spec.declaredLabels()
          .ifPresent(declared -> assertThat(data.labels().labels()).isEqualTo(declared));
    }
  }

  @Test
  void theDefaultTaskSetAnswersEveryEnglishDreamHead() throws IOException {
    Path conf = Path.of("..", "conf", "dream9.conf");
    Assumptions.assumeTrue(
        Files.isRegularFile(conf), "no " + conf.toAbsolutePath() + " next to this module");
    Path dataDir = DataDirectory.resolve(ConfigFactory.empty(), Optional.empty());
    JsonNode heads =
        new ObjectMapper().readTree(dataDir.resolve("dream/combined_classes.json").toFile());
    List<String> served =
        TaskSet.from(Settings.load(List.of(conf), ConfigFactory.empty())).tasks().stream()
            .flatMap(t -> t.servedNames().stream())
            .toList();
    heads
        .fieldNames()
        .forEachRemaining(
            head -> {
              if (!head.equals("topics_ru")) {
                assertThat(served).as("DREAM head " + head).contains(head);
              }
            });
  }

  @Test
  void goemotionsIsMultiLabelWithSomeRowsHavingSeveralLabels() {
    Path dataDir = DataDirectory.resolve(ConfigFactory.empty(), Optional.empty());
    TaskSpec spec =
        tasks("mtc.tasks.goemotions { data = goemotions, kind = multi-label }").task("goemotions");
    TaskData data = TaskDataLoader.load(spec, dataDir, Optional.empty(), Set.of("dev"), 0, 42);
    assertThat(spec.kind()).isEqualTo(TaskKind.MULTI_LABEL);
    assertThat(data.dev()).anySatisfy(e -> assertThat(e.labels().length).isGreaterThan(1));
    assertThat(data.labels().labels()).contains("admiration", "neutral");
  }

  @Test
  void jigsawSampleParsesAsMultiLabel() {
    Path dataDir = DataDirectory.resolve(ConfigFactory.empty(), Optional.empty());
    TaskSpec spec =
        tasks("mtc.tasks.jigsaw { data = extra/jigsaw-multilabel-sample, kind = multi-label }")
            .task("jigsaw");
    TaskData data = TaskDataLoader.load(spec, dataDir, Optional.empty(), Set.of("train"), 0, 42);
    assertThat(data.train()).hasSize(282);
    assertThat(data.labels().labels())
        .containsExactly("identity_hate", "insult", "obscene", "severe_toxic", "threat", "toxic");
    assertThat(data.train()).filteredOn(e -> e.labels().length == 0).hasSize(253);
    assertThat(data.train()).anySatisfy(e -> assertThat(e.labels().length).isGreaterThan(1));
    int toxic = data.labels().indexOf("toxic");
    assertThat(data.train()).filteredOn(e -> e.target(6)[toxic] == 1f).hasSize(28);
  }
}
