package org.mtc.bench.experiment;

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
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.bench.ToyData;
import org.mtc.core.engine.Engines;
import org.mtc.core.settings.Settings;
import org.mtc.core.task.TaskSet;
import org.mtc.core.testing.TinyModelDirectory;

/**
 * The whole experiment on a tiny random BERT and two toy tasks, plus a task whose data is missing.
 */
class ExperimentTest {
  @TempDir Path tmp;

  @Test
  void toyBenchWritesEveryReportFileAndReportsTheMissingTask() throws IOException {
    Path backbone = TinyModelDirectory.create(tmp.resolve("tiny"), "bert", 7);
    Path data = tmp.resolve("data");
    ToyData.write(data);
    Config settings =
        Settings.load(
            List.of(),
            ConfigFactory.parseString(
                "mtc.tasks { sentiment { data = sentiment }, topic { data = topic }, ghost { data = nowhere } }\n"
                    + "mtc.train { max-train-per-task = 40, batch-size = 8, max-eval-per-task = 16, log-every = 2 }\n"
                    + "mtc.bench { max-test-per-task = 24, memory-texts = 20, speed-texts = 16, speed-batch-size = 8,\n"
                    + "  speed-rounds = 1, child-timeout = 180 }\n"));
    Path run = Files.createDirectories(tmp.resolve("run"));
    ByteArrayOutputStream shown = new ByteArrayOutputStream();
    BenchResult r;
    try (BenchProgress progress =
        new BenchProgress(new PrintStream(shown, true, StandardCharsets.UTF_8), 2, false)) {
      r =
          new Experiment(settings, data, backbone, run, Engines.discover(), progress)
              .run(TaskSet.from(settings), "mtc bench --test", Map.of("java", "17"));
    }
    ReportWriter.write(r, run);

    assertBothTasksMeasuredAndTheGhostFailed(r);

    assertReportFilesWritten(run);
    assertThat(r.seedRuns()).hasSize(1);
    assertThat(r.seedRuns().get(0).comparison().tasks())
        .extracting(c -> c.task())
        .containsExactly("sentiment", "topic");
    assertJsonReport(run);
    assertThat(shown.toString(StandardCharsets.UTF_8))
        .contains("[1/9", "train the single-task model: topic", "step 2/");
  }

  @Test
  void aResumedBenchKeepsFinishedTrainingsAndTrainsOnlyWhatWasCut() throws IOException {
    Path backbone = TinyModelDirectory.create(tmp.resolve("tiny"), "bert", 7);
    Path data = tmp.resolve("data");
    ToyData.write(data);
    Config settings =
        Settings.load(
            List.of(),
            ConfigFactory.parseString(
                "mtc.tasks { sentiment { data = sentiment }, topic { data = topic } }\n"
                    + "mtc.train { max-train-per-task = 40, batch-size = 8, max-eval-per-task = 16 }\n"
                    + "mtc.bench { max-test-per-task = 24, memory-texts = 20, speed-texts = 16, speed-batch-size = 8,\n"
                    + "  speed-rounds = 1, child-timeout = 180 }\n"));
    Path run = Files.createDirectories(tmp.resolve("run"));
    BenchResult whole = bench(settings, data, backbone, run, false);
    Path kept = run.resolve("multitask/model/heads.safetensors");
    byte[] keptBytes = Files.readAllBytes(kept);
    FileTime keptTime = Files.getLastModifiedTime(kept);
    // as if killed while the last single-task model trained, before its first checkpoint
    TrainingRecords.deleteTree(run.resolve("single-task/topic"));
    Files.createDirectories(run.resolve("single-task/topic"));
    Files.writeString(run.resolve("single-task/topic/train.log"), "cut\n");
    Files.deleteIfExists(run.resolve("report.md"));
    // and as if the multitask training had finished but died before writing its record
    Files.delete(run.resolve("multitask").resolve(Experiment.RECORD));
    BenchResult resumed = bench(settings, data, backbone, run, true);
    assertThat(run.resolve("multitask").resolve(Experiment.RECORD))
        .as("recovered from metrics.json")
        .isRegularFile();
    assertThat(Files.getLastModifiedTime(kept))
        .as("the multitask model is not trained again")
        .isEqualTo(keptTime);
    assertThat(Files.readAllBytes(kept)).isEqualTo(keptBytes);
    assertThat(run.resolve("single-task/topic/" + Experiment.RECORD)).isRegularFile();
    assertThat(resumed.failures()).isEmpty();
    assertThat(resumed.trainings())
        .extracting(TrainingRecord::configuration)
        .containsExactlyElementsOf(
            whole.trainings().stream().map(TrainingRecord::configuration).toList());
    assertThat(resumed.multitask().get("topic").accuracy())
        .isEqualTo(whole.multitask().get("topic").accuracy());
    assertThat(resumed.singleTask().get("topic").accuracy())
        .as("same seed, same model")
        .isEqualTo(whole.singleTask().get("topic").accuracy());
    ReportWriter.write(resumed, run);
    assertThat(run.resolve("report.md")).isNotEmptyFile();
  }

  @Test
  void severalSeedsTrainEveryConfigurationPerSeedAndReportTheSpread() throws IOException {
    Path backbone = TinyModelDirectory.create(tmp.resolve("tiny"), "bert", 7);
    Path data = tmp.resolve("data");
    ToyData.write(data);
    Config settings =
        Settings.load(
            List.of(),
            ConfigFactory.parseString(
                "mtc.seed = 5\n"
                    + "mtc.tasks { sentiment { data = sentiment }, topic { data = topic } }\n"
                    + "mtc.train { max-train-per-task = 24, batch-size = 8, max-eval-per-task = 8 }\n"
                    + "mtc.bench { seeds = 2, bootstrap-resamples = 50, memory-texts = 8, speed-texts = 8, speed-batch-size = 8,\n"
                    + "  speed-rounds = 1, child-timeout = 180 }\n"));
    Path run = Files.createDirectories(tmp.resolve("run"));
    BenchResult r = bench(settings, data, backbone, run, false);
    ReportWriter.write(r, run);
    assertThat(r.failures()).isEmpty();
    assertThat(r.trainings()).hasSize(6);
    assertThat(run.resolve("seed-5/multitask/" + Experiment.RECORD)).isRegularFile();
    assertThat(run.resolve("seed-6/single-task/topic/" + Experiment.RECORD)).isRegularFile();
    assertThat(r.seedRuns()).extracting(SeedRun::seed).containsExactly(5L, 6L);
    assertThat(r.testExamples()).as("whole test splits by default").isEqualTo(r.testSplitSizes());
    assertThat(r.seedSummary()).isPresent();
    assertThat(r.seedSummary().get().tasks()).hasSize(2);
    String md = Files.readString(run.resolve("report.md"));
    assertThat(md)
        .contains(
            "## Accuracy over 2 seeds", "## Accuracy (test), seed 6", " ± ", "2 seeds, t-interval")
        .doesNotContain("(sample)");
  }

  @Test
  void strategiesTrainTheirOwnModelsAndAreComparedWithSingleTaskAndTheBaseline()
      throws IOException {
    Path backbone = TinyModelDirectory.create(tmp.resolve("tiny"), "bert", 7);
    Path data = tmp.resolve("data");
    ToyData.write(data);
    Config settings =
        Settings.load(
            List.of(),
            ConfigFactory.parseString(
                "mtc.seed = 5\n"
                    + "mtc.tasks { sentiment { data = sentiment }, topic { data = topic } }\n"
                    + "mtc.train { max-train-per-task = 24, batch-size = 8, max-eval-per-task = 8 }\n"
                    + "mtc.bench { seeds = 2, bootstrap-resamples = 50, memory-texts = 8, speed-texts = 8,\n"
                    + "  speed-batch-size = 8, speed-rounds = 1, child-timeout = 180,\n"
                    + "  strategies = [distill, weighted],\n"
                    + "  strategy { weighted { settings { mtc.train.task-weighting = uncertainty } } } }\n"));
    Path run = Files.createDirectories(tmp.resolve("run"));
    BenchResult r = bench(settings, data, backbone, run, false);
    ReportWriter.write(r, run);
    assertThat(r.failures()).isEmpty();
    assertThat(r.trainings())
        .extracting(TrainingRecord::configuration)
        .contains("multitask distill (seed 5)", "multitask weighted (seed 6)")
        .hasSize(10);
    assertThat(run.resolve("seed-5/multitask-distill/teachers/sentiment.bin")).isRegularFile();
    assertThat(run.resolve("seed-6/multitask-weighted/teachers")).doesNotExist();
    assertThat(run.resolve("seed-6/multitask-distill/" + Experiment.OUTCOMES)).isRegularFile();
    assertThat(r.trainings())
        .filteredOn(t -> t.configuration().startsWith("multitask distill"))
        .allSatisfy(t -> assertThat(t.teacherSeconds()).isGreaterThan(0));
    for (SeedRun seed : r.seedRuns()) {
      assertThat(seed.strategies())
          .extracting(StrategyRun::strategy)
          .containsExactly("distill", "weighted");
      assertThat(seed.strategies().get(0).vsBaseline().tasks()).hasSize(2);
    }
    assertThat(run.resolve("seed-5/multitask-weighted/metrics.json"))
        .content()
        .contains("task_weights");
    assertThat(run.resolve("seed-5/multitask/metrics.json"))
        .content()
        .doesNotContain("task_weights");
    assertThat(Files.readString(run.resolve("report.md")))
        .contains(
            "## Strategies (test)",
            "| distill |",
            "| weighted |",
            "Goals of the best strategy",
            "Over 2 seeds ([5, 6])",
            "same sign in every seed");
  }

  /** Both toy tasks trained, tested and measured; the task without data is the one failure. */
  private static void assertBothTasksMeasuredAndTheGhostFailed(BenchResult r) {
    assertThat(r.failures())
        .as(r.failures().toString())
        .extracting(Failure::configuration)
        .containsExactly("task ghost");
    assertThat(r.failures().get(0).reason()).contains("nowhere");
    assertThat(r.multitask()).containsOnlyKeys("sentiment", "topic");
    assertThat(r.singleTask()).containsOnlyKeys("sentiment", "topic");
    assertThat(r.testExamples()).containsEntry("sentiment", 24);
    assertThat(r.trainings())
        .extracting(TrainingRecord::configuration)
        .containsExactly("multitask", "single-task sentiment", "single-task topic");
    assertThat(r.memory())
        .extracting(MemoryRecord::configuration)
        .containsExactly(
            "multitask", "single-task sentiment", "single-task topic", Experiment.ALL_SINGLE);
    assertThat(r.memory())
        .allSatisfy(
            m -> {
              assertThat(m.error()).isNull();
              assertThat(m.peakRss()).isGreaterThan(10_000_000L);
              assertThat(m.encoderBytes()).isGreaterThan(0);
            });
    MemoryRecord all = r.memory().get(3);
    assertThat(all.models()).isEqualTo(2);
    assertThat(all.encoderBytes()).isEqualTo(2 * r.memory().get(0).encoderBytes());
    assertThat(r.speed()).isPresent();
    assertThat(r.speed().get().tasks()).isEqualTo(2);
    assertThat(r.dataFiles()).hasSize(6).allSatisfy(d -> assertThat(d.sha256()).hasSize(64));
  }

  /** Every report file, and the markdown's sections, charts and sample notes. */
  private static void assertReportFilesWritten(Path run) throws IOException {
    for (String f :
        List.of(
            "report.md",
            "report.json",
            "accuracy.png",
            "memory.png",
            "speed.png",
            "settings.conf")) {
      assertThat(run.resolve(f)).isNotEmptyFile();
    }
    String md = Files.readString(run.resolve("report.md"));
    assertThat(md)
        .contains(
            "mtc bench --test",
            "## Goals",
            "## Accuracy (test)",
            "## Memory",
            "## Speed",
            "## Training",
            "## Failures",
            "task ghost",
            "## Data files",
            "## Settings",
            "![accuracy](accuracy.png)",
            "| **mean** (2 tasks)",
            "sum of the 2 separate single-task JVMs",
            "MT - ST [95% interval]",
            "24 of 30 (sample)",
            "SAMPLED test sets",
            "![difference](difference.png)");
    assertThat(run.resolve("difference.png")).isNotEmptyFile();
  }

  /** The JSON report's test counts, goals, per-seed verdict and speedup. */
  private static void assertJsonReport(Path run) throws IOException {
    JsonNode json = new ObjectMapper().readTree(run.resolve("report.json").toFile());
    assertThat(json.path("accuracy").path("multitask").path("topic").path("n").asInt())
        .isEqualTo(24);
    assertThat(json.path("goals")).hasSize(7);
    assertThat(
            json.path("accuracy")
                .path("seeds")
                .get(0)
                .path("comparison")
                .path("meanAccuracy")
                .path("verdict")
                .asText())
        .isNotEmpty();
    assertThat(json.path("speed").path("speedup").asDouble()).isPositive();
  }

  private static BenchResult bench(
      Config settings, Path data, Path backbone, Path run, boolean resume) {
    try (BenchProgress progress =
        new BenchProgress(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), 2, false)) {
      return new Experiment(settings, data, backbone, run, Engines.discover(), progress)
          .resuming(resume)
          .run(TaskSet.from(settings), "mtc bench --test", Map.of("java", "17"));
    }
  }
}
