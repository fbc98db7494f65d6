package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.heads.MultiLabelMetric;
import org.mtc.tasks.predict.Evaluator;

class DevEvaluationTest {
  @TempDir Path tmp;

  @Test
  void isScheduledEveryEvalEveryStepsElseAtEachEpochsEnd() {
    assertThat(DevEvaluation.scheduled(10, 5, 7)).isTrue();
    assertThat(DevEvaluation.scheduled(7, 5, 7)).isFalse();
    assertThat(DevEvaluation.scheduled(14, 0, 7)).isTrue();
    assertThat(DevEvaluation.scheduled(10, 0, 7)).isFalse();
  }

  @Test
  void isAlsoDueAfterTheLastStepAndATimeCutButNeverWithoutDevData() {
    try (LoopFixture f = new LoopFixture(tmp.resolve("dev"), 6, "mtc.train.eval-every = 4")) {
      DevEvaluation evaluation = new DevEvaluation(8);
      f.stepTo(3, 0.5);
      assertThat(evaluation.due(f.context)).isFalse();
      f.context.cutByTime(true);
      assertThat(evaluation.due(f.context)).isTrue();
      f.context.cutByTime(false);
      f.stepTo(4, 0.5);
      assertThat(evaluation.due(f.context)).isTrue();
      f.stepTo(f.context.plan().totalSteps(), 0.5);
      assertThat(evaluation.due(f.context)).isTrue();
    }
    try (LoopFixture f = new LoopFixture(tmp.resolve("none"), 0, "mtc.train.eval-every = 4")) {
      f.stepTo(f.context.plan().totalSteps(), 0.5);
      assertThat(new DevEvaluation(8).due(f.context)).isFalse();
    }
  }

  @Test
  void aRoundScoresEveryTaskAndRecordsTheMeanDevScoreInTheSchedule() {
    try (LoopFixture f = new LoopFixture(tmp, 6, "")) {
      DevRound round = new DevEvaluation(8).run(f.context);
      assertThat(round.round()).isEqualTo(1);
      assertThat(f.context.round()).isEqualTo(1);
      assertThat(round.metrics()).containsOnlyKeys("sentiment", "topic");
      assertThat(round.meanDevScore())
          .isEqualTo(Evaluator.meanDevScore(round.metrics(), MultiLabelMetric.MACRO_F1));
      assertThat(round.improved()).isTrue();
      assertThat(f.context.schedule().best()).isEqualTo(round.meanDevScore());
    }
  }
}
