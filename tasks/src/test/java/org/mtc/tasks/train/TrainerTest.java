package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.Input;
import org.mtc.core.TaskHead;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.eval.Metrics;
import org.mtc.tasks.eval.TaskMetrics;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.model.ToyBackbone;
import org.mtc.tasks.model.ToyTasks;
import org.mtc.tasks.predict.Evaluator;

class TrainerTest {
  private static final String FAST =
      "mtc.heads.dropout = 0.1\nmtc.train { epochs = 4, batch-size = 16, "
          + "learning-rate = 0.5, head-learning-rate = 0.03, log-every = 10 }\n";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private Config settings(boolean multiLabel, String extra) {
    return ToyTasks.settings(
        ToyTasks.write(tmp.resolve("data"), 240, 60, 90, 11), multiLabel, FAST + extra);
  }

  private TrainResult train(
      Config settings,
      List<TaskData> data,
      boolean trainable,
      Path out,
      TrainingListener listener) {
    try (MultitaskModel model =
        MultitaskModel.create(new ToyBackbone(16, 1024, 5, trainable), data, settings)) {
      return new Trainer(TrainSettings.from(settings), listener).train(model, data, out);
    }
  }

  /**
   * Each line of a train.log up to its first number or path: what kind of line it is, to check
   * their order (the step profile's table left out).
   */
  private static List<String> lineKinds(Path log) throws IOException {
    return Files.readAllLines(log).stream()
        .filter(l -> !l.startsWith("step profile") && !l.startsWith("  ")) // StepProfileTest's
        .map(l -> l.replaceAll("^([^\\d/]*).*", "$1"))
        .toList();
  }

  @Test
  void beatsTheMajorityBaselineOnEveryTaskAndWritesTheRun() throws Exception {
    Config settings = settings(true, "");
    List<TaskData> data = ToyTasks.load(settings);
    Path out = tmp.resolve("run");
    List<String> messages = new ArrayList<>();
    long[] started = new long[2];
    TrainResult result =
        train(
            settings,
            data,
            true,
            out,
            new TrainingListener() {
              @Override
              public void started(long totalSteps, long totalExamples) {
                started[0] = totalSteps;
                started[1] = totalExamples;
              }

              @Override
              public void message(String message) {
                messages.add(message);
              }
            });
    assertThat(started).containsExactly(4 * 45, 720); // 720 examples / 16 = 45 steps per epoch
    assertThat(result.rounds()).isEqualTo(4);
    assertThat(result.bestModel()).isEqualTo(out.resolve("model"));
    assertThat(out.resolve("train.log"))
        .content()
        .contains("step 10/180")
        .contains("eval 1 at step 45");
    assertThat(out.resolve("model/train.log")).isRegularFile();
    JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
    assertThat(metrics.get("rounds")).hasSize(4);
    assertThat(metrics.get("best").get("round").asInt()).isEqualTo(result.bestRound());
    assertThat(messages.get(0)).startsWith("training 3 tasks (sentiment, topic, tags)");
    try (MultitaskModel best = MultitaskModel.load(out, ToyBackbone.engines(), settings)) {
      Map<String, TaskMetrics> test = new Evaluator(32).evaluate(best, data, "test");
      for (TaskData d : data) {
        double majority = Metrics.majorityAccuracy(d.train(), d.test());
        assertThat(test.get(d.spec().name()).accuracy())
            .as(d.spec().name() + " vs majority " + majority)
            .isGreaterThan(majority + 0.2);
      }
    }
  }

  @Test
  void seededRunsAreIdentical() throws Exception {
    Config settings =
        settings(true, "mtc.train.sampling = annealed\nmtc.train.max-eval-per-task = 40");
    List<TaskData> data = ToyTasks.load(settings);
    train(settings, data, true, tmp.resolve("a"), TrainingListener.NONE);
    train(settings, data, true, tmp.resolve("b"), TrainingListener.NONE);
    JsonNode a = JSON.readTree(tmp.resolve("a/metrics.json").toFile());
    JsonNode b = JSON.readTree(tmp.resolve("b/metrics.json").toFile());
    assertThat(a.path("rounds")).isEqualTo(b.path("rounds"));
    assertThat(a.path("best")).isEqualTo(b.path("best"));
    assertThat(a.path("throughput").path("padded_tokens"))
        .isEqualTo(b.path("throughput").path("padded_tokens"));
    assertThat(Files.readAllBytes(tmp.resolve("a/model/heads.safetensors")))
        .isEqualTo(Files.readAllBytes(tmp.resolve("b/model/heads.safetensors")));
    assertThat(Files.readAllBytes(tmp.resolve("a/model/backbone/model.safetensors")))
        .isEqualTo(Files.readAllBytes(tmp.resolve("b/model/backbone/model.safetensors")));
  }

  @Test
  void halvesTheLearningRateOnAPlateauThenStopsEarly() throws Exception {
    // a frozen encoder and a vanishing head learning rate: the dev accuracy cannot change
    Config settings =
        settings(
            false,
            "mtc.train { learning-rate = 1e-9, head-learning-rate = 1e-9, "
                + "eval-every = 5, max-steps = 100 }");
    List<TaskData> data = ToyTasks.load(settings);
    List<Double> rates = new ArrayList<>();
    List<Boolean> improved = new ArrayList<>();
    TrainResult result =
        train(
            settings,
            data,
            false,
            tmp.resolve("run"),
            new TrainingListener() {
              @Override
              public void step(
                  long stepIndex,
                  String task,
                  double loss,
                  double examplesPerSecond,
                  double learningRate) {
                rates.add(learningRate);
              }

              @Override
              public void evaluated(
                  int round, Map<String, TaskMetrics> dev, double meanDevScore, boolean better) {
                improved.add(better);
              }
            });
    assertThat(improved).containsExactly(true, false, false, false);
    assertThat(result.stoppedEarly()).isTrue();
    assertThat(result.steps()).isEqualTo(20);
    assertThat(result.bestRound()).isEqualTo(1);
    assertThat(rates.subList(0, 15)).containsOnly(1e-9);
    assertThat(rates.subList(15, 20)).containsOnly(0.5e-9);
    assertThat(tmp.resolve("run/train.log"))
        .content()
        .contains("learning rates halved")
        .contains("early stop");
    // the order of train.log's lines; the best model's copy of the log ends before its evaluation's
    // line
    assertThat(lineKinds(tmp.resolve("run/train.log")))
        .containsExactly(
            "training ",
            "eval ",
            "step ",
            "eval ",
            "eval ",
            "no improvement for ",
            "step ",
            "eval ",
            "early stop at step ",
            "throughput: ",
            "done: ");
    assertThat(Files.readAllLines(tmp.resolve("run/model/train.log"))).hasSize(1);
    assertThat(tmp.resolve("run/" + ResumeCheckpoint.CURRENT))
        .as("an early stop drops the checkpoints")
        .doesNotExist();
  }

  @Test
  void keepsTheBestCheckpointNotTheLast() throws Exception {
    Config settings = settings(false, "");
    List<TaskData> data = ToyTasks.load(settings);
    try (MultitaskModel model =
        MultitaskModel.create(new ToyBackbone(16, 1024, 5, true), data, settings)) {
      TrainSettings good = TrainSettings.from(settings);
      new Trainer(good, TrainingListener.NONE).train(model, data, tmp.resolve("pretrain"));
      // continue with a tiny learning rate; after the first evaluation the heads are wrecked
      TrainSettings everyFive =
          good.withLearningRates(1e-9, 1e-9)
              .with(
                  b ->
                      b.epochs(1)
                          .maxSteps(15)
                          .maxTrainPerTask(0)
                          .evalEvery(5)
                          .maxEvalPerTask(0)
                          .plateauPatience(10)
                          .maxLrHalvings(0)
                          .earlyStopPatience(10)
                          .logEvery(10)
                          .groupByLength(true)
                          .maxTime(Duration.ZERO)
                          .checkpointEvery(0));
      TrainResult result =
          new Trainer(
                  everyFive,
                  new TrainingListener() {
                    @Override
                    public void evaluated(
                        int round,
                        Map<String, TaskMetrics> dev,
                        double meanDevScore,
                        boolean better) {
                      if (round == 1) {
                        for (TaskHead h : model.heads()) {
                          h.load(ToyTasks.scaled(h.state(), -1f));
                        }
                      }
                    }
                  })
              .train(model, data, tmp.resolve("run"));
      assertThat(result.rounds()).isEqualTo(3);
      assertThat(result.bestRound()).isEqualTo(1);
      Evaluator evaluator = new Evaluator(32);
      double last =
          Evaluator.meanDevScore(
              evaluator.evaluate(model, data, "dev"), everyFive.multiLabelMetric());
      assertThat(last).isLessThan(result.bestMeanDevScore() - 0.2);
      assertThat(JSON.readTree(tmp.resolve("run/model/metrics.json").toFile()).get("round").asInt())
          .isEqualTo(1);
      try (MultitaskModel best =
          MultitaskModel.load(tmp.resolve("run"), ToyBackbone.engines(), settings)) {
        assertThat(
                Evaluator.meanDevScore(
                    evaluator.evaluate(best, data, "dev"), everyFive.multiLabelMetric()))
            .isEqualTo(result.bestMeanDevScore());
      }
    }
  }

  @Test
  void aTimeBudgetCutsTheRunKeepsTheBestCheckpointAndSaysSo() throws Exception {
    Config settings =
        settings(
            false,
            "mtc.train { epochs = 400, max-time = 300ms, eval-every = 5, "
                + "early-stop-patience = 100000 }\n");
    List<TaskData> data = ToyTasks.load(settings);
    Path out = tmp.resolve("timed");
    TrainResult result = train(settings, data, true, out, TrainingListener.NONE);
    assertThat(result.cutByTime()).isTrue();
    assertThat(result.stoppedEarly()).isFalse();
    assertThat(result.steps()).isLessThan(400L * 480 / 16);
    assertThat(out.resolve("model/heads.safetensors")).isRegularFile();
    assertThat(Files.readString(out.resolve("train.log")))
        .contains("cut by time at step " + result.steps());
    List<String> kinds = lineKinds(out.resolve("train.log"));
    assertThat(kinds.subList(kinds.size() - 5, kinds.size()))
        .containsExactly("step ", "eval ", "cut by time at step ", "throughput: ", "done: ");
    assertThat(out.resolve(ResumeCheckpoint.CURRENT))
        .as("the toy engine writes none")
        .doesNotExist();
    JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
    assertThat(metrics.path("cut_by_time").asBoolean()).isTrue();
    assertThat(metrics.path("throughput").path("padded_tokens").asLong())
        .isGreaterThanOrEqualTo(metrics.path("throughput").path("real_tokens").asLong())
        .isPositive();
    assertThat(metrics.path("throughput").path("examples_per_second").asDouble()).isPositive();
  }

  @Test
  void aStepWithANonFiniteGradientIsSkippedReportedAndTrainingGoesOn() throws Exception {
    ToyBackbone backbone = new ToyBackbone(16, 1024, 5, true);
    backbone.poisonedBackward = 3;
    List<String> skipped = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    Config settings = settings(false, "mtc.train.epochs = 1\n");
    List<TaskData> data = ToyTasks.load(settings);
    Path out = tmp.resolve("skipped");
    TrainResult result;
    try (MultitaskModel model = MultitaskModel.create(backbone, data, settings)) {
      result =
          new Trainer(
                  TrainSettings.from(settings),
                  new TrainingListener() {
                    @Override
                    public void skippedStep(long stepIndex, String task, String reason) {
                      skipped.add(stepIndex + " " + task + " " + reason);
                      TrainingListener.super.skippedStep(stepIndex, task, reason);
                    }

                    @Override
                    public void message(String message) {
                      messages.add(message);
                    }
                  })
              .train(model, data, out);
      for (float[] v :
          model.backbone().encode(Input.ofTexts(List.of("the movie was good", "bad weather")))) {
        for (float x : v) {
          assertThat(Float.isFinite(x)).as("the NaN never reached the weights").isTrue();
        }
      }
    }
    assertThat(skipped).hasSize(1);
    assertThat(skipped.get(0))
        .startsWith("3 ")
        .contains("the toy encoder: gradient norm is NaN")
        .contains("skipped");
    assertThat(messages)
        .anyMatch(m -> m.startsWith("step 3 (") && m.contains("gradient norm is NaN"));
    assertThat(Files.readString(out.resolve("train.log")))
        .containsPattern("step 3 \\(\\w+\\) skipped: the toy encoder");
    assertThat(result.steps()).isEqualTo(30); // 480 examples / 16, one epoch: the run went on
  }

  @Test
  void withoutDevDataTheFinalModelIsKeptAndSaid() throws Exception {
    Config settings =
        ToyTasks.settings(
            ToyTasks.write(tmp.resolve("nodev"), 64, 0, 0, 3),
            false,
            "mtc.train { epochs = 2, batch-size = 16, log-every = 100 }");
    List<TaskData> data = ToyTasks.load(settings);
    Path out = tmp.resolve("run");
    TrainResult result = train(settings, data, true, out, TrainingListener.NONE);
    assertThat(result.bestRound()).isZero();
    assertThat(result.rounds()).isZero();
    assertThat(result.bestStep()).isEqualTo(result.steps()).isEqualTo(16);
    assertThat(result.bestMeanDevScore()).isNaN();
    assertThat(out.resolve("model/heads.safetensors")).isRegularFile();
    assertThat(lineKinds(out.resolve("train.log")))
        .containsExactly(
            "training ",
            "the toy engine cannot save its "
                + "optimizer state: this run writes no resumable checkpoints",
            "step ",
            "no dev examples in any task: kept " + "the final model in ",
            "throughput: ",
            "done: ");
    assertThat(Files.readString(out.resolve("train.log")))
        .endsWith("done: 16 steps, 0 evaluations\n");
  }

  @Test
  void aDurationThatIsNotOneIsRefusedWithTheFormat() {
    Config settings = settings(false, "mtc.train.max-time = soon\n");
    Assertions.assertThatThrownBy(() -> TrainSettings.from(settings))
        .hasMessageContaining("max-time")
        .hasMessageContaining("40m, 90s or 2h");
  }
}
