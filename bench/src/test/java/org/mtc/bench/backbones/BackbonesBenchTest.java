package org.mtc.bench.backbones;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.bench.ToyData;
import org.mtc.bench.experiment.BenchProgress;
import org.mtc.core.engine.Engines;
import org.mtc.core.settings.Settings;
import org.mtc.core.task.TaskSet;
import org.mtc.core.testing.TinyModelDirectory;

/**
 * {@code mtc bench backbones} on two tiny random backbones and a broken one: the two are ranked,
 * compared pairwise and charted, the broken one is a row with its reason, and a resumed run keeps
 * the measured rows.
 */
class BackbonesBenchTest {
  @TempDir Path tmp;

  @Test
  void ranksTwoBackbonesMarksTheBrokenOneAndResumesWithoutRetraining() throws IOException {
    Path first = TinyModelDirectory.create(tmp.resolve("tiny-a"), "bert", 7);
    Path second = TinyModelDirectory.create(tmp.resolve("tiny-b"), "bert", 8);
    Path broken = Files.createDirectories(tmp.resolve("broken"));
    Path data = tmp.resolve("data");
    ToyData.write(data);
    Config settings = settings();
    Path run = Files.createDirectories(tmp.resolve("run"));
    List<String> names = List.of(first.toString(), broken.toString(), second.toString());

    Leaderboard board = run(settings, data, run, names, false);

    assertThat(board.rows()).extracting(BackboneRow::backbone).containsExactlyElementsOf(names);
    BackboneRow a = board.rows().get(0);
    BackboneRow b = board.rows().get(2);
    for (BackboneRow r : List.of(a, b)) {
      assertMeasured(r);
    }
    assertThat(board.rows().get(1).ok()).isFalse();
    assertThat(board.rows().get(1).failure()).isNotBlank();
    assertThat(board.baseline()).contains(first.toString());
    assertThat(board.versusBaseline()).containsOnlyKeys(second.toString());
    double diff = b.meanAccuracy() - a.meanAccuracy();
    assertThat(board.versusBaseline().get(second.toString()).estimate())
        .isCloseTo(diff, Offset.offset(1e-9));

    assertReportWritten(run);

    // resumed: the two measured backbones are read back, not trained again; the broken one is tried
    // again
    long trained = Files.getLastModifiedTime(run.resolve("tiny-a").resolve("row.json")).toMillis();
    Leaderboard again = run(settings, data, run, names, true);
    assertThat(
            Files.getLastModifiedTime(
                    run.resolve("tiny-a").resolve("multitask").resolve("training.json"))
                .toMillis())
        .isLessThanOrEqualTo(trained);
    assertThat(again.rows().get(0).accuracy()).isEqualTo(a.accuracy());
    assertThat(again.rows().get(2).textsPerSecond()).isPositive(); // timed side by side again
    assertThat(run.resolve("broken").resolve("row.json"))
        .as("a failed backbone is tried again")
        .doesNotExist();
    assertThat(Files.readString(run.resolve(BackbonesReport.MARKDOWN))).contains("side by side");
    assertThat(again.rows().get(1).ok()).isFalse();
  }

  /** Two toy tasks, small budgets, no single-task models, onnx inference. */
  private static Config settings() {
    return Settings.load(
        List.of(),
        ConfigFactory.parseString(
            "mtc.tasks { sentiment { data = sentiment }, topic { data = topic } }\n"
                + "mtc.train { max-train-per-task = 40, batch-size = 8, max-eval-per-task = 16, log-every = 2 }\n"
                + "mtc.bench { memory-texts = 20, speed-texts = 16, speed-batch-size = 8, speed-rounds = 1,\n"
                + "  child-timeout = 180, single-task = false, inference-engine = onnx, bootstrap-resamples = 200 }\n"));
  }

  /** A backbone row with every measurement taken. */
  private static void assertMeasured(BackboneRow r) {
    assertThat(r.ok()).as(String.valueOf(r.failure())).isTrue();
    assertThat(r.accuracy()).containsOnlyKeys("sentiment", "topic");
    assertThat(r.meanAccuracy()).isBetween(0.0, 1.0);
    assertThat(r.layers()).isPositive();
    assertThat(r.parameters()).isPositive();
    assertThat(r.textsPerSecond()).isPositive();
    assertThat(r.trainExamplesPerSecond()).isPositive();
    assertThat(r.peakRssBytes()).isPositive();
    assertThat(r.singleTaskMeanAccuracy()).isNaN(); // no --single
  }

  /**
   * The markdown report with its charts, the JSON with the broken backbone last, a row's report.
   */
  private static void assertReportWritten(Path run) throws IOException {
    String md = Files.readString(run.resolve(BackbonesReport.MARKDOWN));
    assertThat(md)
        .contains("baseline", "FAILED", "leaderboard.png", "pareto.png", "sentiment", "topic");
    assertThat(run.resolve("leaderboard.png")).isNotEmptyFile();
    assertThat(run.resolve("pareto.png")).isNotEmptyFile();
    JsonNode json = new ObjectMapper().readTree(run.resolve(BackbonesReport.JSON_FILE).toFile());
    assertThat(json.path("backbones")).hasSize(3);
    assertThat(json.path("backbones").get(2).path("failure").asText()).isNotBlank();
    assertThat(run.resolve("tiny-a").resolve("report.md")).isNotEmptyFile();
  }

  private static Leaderboard run(
      Config settings, Path data, Path run, List<String> names, boolean resume) {
    ByteArrayOutputStream shown = new ByteArrayOutputStream();
    try (BenchProgress progress =
        new BenchProgress(new PrintStream(shown, true, StandardCharsets.UTF_8), 2, false)) {
      return new BackbonesBench(settings, data, run, Engines.discover(), progress, Path::of)
          .run(
              names,
              TaskSet.from(settings),
              "mtc bench backbones --test",
              Map.of("java", "17"),
              resume);
    }
  }
}
