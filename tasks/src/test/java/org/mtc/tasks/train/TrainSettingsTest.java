package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.AdamWSettings;
import org.mtc.core.MtcException;
import org.mtc.core.TaskKind;
import org.mtc.core.settings.Settings;
import org.mtc.heads.MultiLabelMetric;

class TrainSettingsTest {
  @TempDir Path tmp;

  @Test
  void defaultsAreDeepPavlovsExceptTheHeadsRate() {
    TrainSettings s = TrainSettings.from(Settings.load(List.of(), ConfigFactory.empty()));
    assertThat(s)
        .isEqualTo(
            TrainSettingsBuilder.stagedBuilder()
                .learningRate(2e-5)
                .headLearningRate(1e-3)
                .batchSize(32)
                .epochs(1)
                .maxSteps(0)
                .maxTrainPerTask(0)
                .sampling(Sampling.PROPORTIONAL)
                .temperature(2.0)
                .evalEvery(0)
                .maxEvalPerTask(0)
                .plateauPatience(2)
                .maxLrHalvings(2)
                .earlyStopPatience(3)
                .logEvery(50)
                .optimizer(new AdamWSettings(0.9, 0.99, 1e-6, 0.01, 1.0))
                .seed(42)
                .groupByLength(true)
                .maxTime(Duration.ZERO)
                .checkpointEvery(500)
                .multiLabelHeadLearningRate(3e-3)
                .multiLabelMetric(MultiLabelMetric.MACRO_F1)
                .taskWeighting(new TaskWeightingSettings(TaskWeighting.NONE, 0.01))
                .build());
  }

  @Test
  void aCopyChangesTheComponentsItNamesAndKeepsEveryOther() {
    TrainSettings s = TrainSettings.from(Settings.load(List.of(), ConfigFactory.empty()));
    TrainSettings seeded = s.withSeed(7);
    assertThat(seeded.seed()).isEqualTo(7);
    assertThat(seeded.withSeed(s.seed())).isEqualTo(s);
    TrainSettings shorter = s.withSteps(3, 15);
    assertThat(shorter.epochs()).isEqualTo(3);
    assertThat(shorter.maxSteps()).isEqualTo(15);
    assertThat(shorter.with(b -> b.epochs(s.epochs()).maxSteps(s.maxSteps()))).isEqualTo(s);
    TrainSettings slow = s.withLearningRates(1e-6, 1e-4);
    assertThat(
            List.of(
                slow.learningRate(), slow.headLearningRate(), slow.multiLabelHeadLearningRate()))
        .containsExactly(1e-6, 1e-4, 1e-4);
    assertThat(
            slow.with(
                b ->
                    b.learningRate(s.learningRate())
                        .headLearningRate(s.headLearningRate())
                        .multiLabelHeadLearningRate(s.multiLabelHeadLearningRate())))
        .isEqualTo(s);
  }

  @Test
  void aCopyIsCheckedLikeTheSettingsRead() {
    TrainSettings s = TrainSettings.from(Settings.load(List.of(), ConfigFactory.empty()));
    assertThatThrownBy(() -> s.withBatchSize(0))
        .isInstanceOf(MtcException.class)
        .hasMessage("mtc.train.batch-size must be greater than 0, got 0.0");
    assertThatThrownBy(() -> s.withMaxTime(Duration.ofSeconds(-1)))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("mtc.train.max-time");
  }

  @Test
  void nullHeadRateMeansDeepPavlovsSingleRate() {
    TrainSettings s =
        TrainSettings.from(
            Settings.load(
                List.of(), ConfigFactory.parseString("mtc.train.head-learning-rate = null")));
    assertThat(s.headLearningRate()).isEqualTo(s.learningRate());
  }

  @Test
  void readsOverrides() {
    TrainSettings s =
        TrainSettings.from(
            Settings.load(
                List.of(),
                ConfigFactory.parseString(
                    "mtc.train { head-learning-rate = 1e-3, sampling = annealed, epochs = 3 }\nmtc.seed = 7")));
    assertThat(s.headLearningRate()).isEqualTo(1e-3);
    assertThat(s.learningRate()).isEqualTo(2e-5);
    assertThat(s.sampling()).isEqualTo(Sampling.ANNEALED);
    assertThat(s.epochs()).isEqualTo(3);
    assertThat(s.seed()).isEqualTo(7);
  }

  @Test
  void multiLabelHeadsHaveTheirOwnRateUnlessItIsNull() {
    TrainSettings s = TrainSettings.from(Settings.load(List.of(), ConfigFactory.empty()));
    assertThat(s.headLearningRate(TaskKind.SINGLE_LABEL)).isEqualTo(1e-3);
    assertThat(s.headLearningRate(TaskKind.MULTI_LABEL)).isEqualTo(3e-3);
    TrainSettings same =
        TrainSettings.from(
            Settings.load(
                List.of(),
                ConfigFactory.parseString(
                    "mtc.train { head-learning-rate = 5e-4, multi-label-head-learning-rate = null }")));
    assertThat(same.headLearningRate(TaskKind.MULTI_LABEL)).isEqualTo(5e-4);
    assertThatThrownBy(
            () ->
                TrainSettings.from(
                    Settings.load(
                        List.of(),
                        ConfigFactory.parseString("mtc.train.multi-label-head-learning-rate = 0"))))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("mtc.train.multi-label-head-learning-rate");
  }

  @Test
  void multiLabelMetricIsReadAndValidated() {
    assertThat(
            TrainSettings.from(
                    Settings.load(
                        List.of(),
                        ConfigFactory.parseString("mtc.train.multi-label-metric = exact-match")))
                .multiLabelMetric())
        .isEqualTo(MultiLabelMetric.EXACT_MATCH);
    assertThat(
            TrainSettings.from(
                    Settings.load(
                        List.of(),
                        ConfigFactory.parseString("mtc.train.multi-label-metric = micro-f1")))
                .multiLabelMetric())
        .isEqualTo(MultiLabelMetric.MICRO_F1);
    assertThatThrownBy(
            () ->
                TrainSettings.from(
                    Settings.load(
                        List.of(),
                        ConfigFactory.parseString("mtc.train.multi-label-metric = macro_f1"))))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("mtc.train.multi-label-metric")
        .hasMessageContaining("'macro_f1'")
        .hasMessageContaining("did you mean 'macro-f1'")
        .hasMessageContaining("micro-f1, macro-f1, exact-match");
  }

  @Test
  void badValuesNameTheKey() {
    assertThatThrownBy(
            () ->
                TrainSettings.from(
                    Settings.load(
                        List.of(), ConfigFactory.parseString("mtc.train.batch-size = 0"))))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("mtc.train.batch-size");
    assertThatThrownBy(
            () ->
                TrainSettings.from(
                    Settings.load(
                        List.of(), ConfigFactory.parseString("mtc.train.sampling = proportionl"))))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("did you mean")
        .hasMessageContaining("proportional");
  }

  @Test
  void taskWeightingIsReadAndAnUnknownOneIsRefusedWithItsPlaceAndTheChoices() throws Exception {
    TrainSettings s =
        TrainSettings.from(
            Settings.load(
                List.of(),
                ConfigFactory.parseString(
                    "mtc.train { task-weighting = uncertainty, task-weighting-rate = 0.05 }")));
    assertThat(s.taskWeighting())
        .isEqualTo(new TaskWeightingSettings(TaskWeighting.UNCERTAINTY, 0.05));
    Path file = tmp.resolve("weights.conf");
    Files.writeString(file, "mtc.train {\n  task-weighting = uncertainity\n}\n");
    assertThatThrownBy(
            () -> TrainSettings.from(Settings.load(List.of(file), ConfigFactory.empty())))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("weights.conf:2")
        .hasMessageContaining("mtc.train.task-weighting")
        .hasMessageContaining("'uncertainity'")
        .hasMessageContaining("did you mean 'uncertainty'")
        .hasMessageContaining("use one of none, uncertainty");
    Files.writeString(file, "mtc.train.task-weighting-rate = 2\n");
    assertThatThrownBy(
            () -> TrainSettings.from(Settings.load(List.of(file), ConfigFactory.empty())))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("weights.conf:1")
        .hasMessageContaining("mtc.train.task-weighting-rate");
    assertThatThrownBy(() -> s.withTaskWeighting(new TaskWeightingSettings(TaskWeighting.NONE, 0)))
        .isInstanceOf(MtcException.class)
        .hasMessage("mtc.train.task-weighting-rate must be greater than 0 and at most 1, got 0.0");
  }
}
