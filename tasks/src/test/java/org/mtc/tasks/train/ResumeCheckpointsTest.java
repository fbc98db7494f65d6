package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeCheckpointsTest {
  @TempDir Path tmp;

  @Test
  void aCheckpointFollowsEachEvaluationEveryCheckpointEveryStepsAndATimeCutButNotTheEnd() {
    assertThat(ResumeCheckpoints.due(7, 0, true, false, false)).as("an evaluation").isTrue();
    assertThat(ResumeCheckpoints.due(10, 5, false, false, false)).as("checkpoint-every").isTrue();
    assertThat(ResumeCheckpoints.due(11, 5, false, false, false)).isFalse();
    assertThat(ResumeCheckpoints.due(11, 0, false, false, false))
        .as("0: only at evaluations")
        .isFalse();
    assertThat(ResumeCheckpoints.due(11, 5, false, false, true))
        .as("cut by time: kept to continue")
        .isTrue();
    assertThat(ResumeCheckpoints.due(10, 5, true, true, false))
        .as("last step or early stop")
        .isFalse();
  }

  @Test
  void anEngineWithoutOptimizerStateWritesNoneAndTheLogSaysSo() {
    try (LoopFixture f = new LoopFixture(tmp, 6, "mtc.train.checkpoint-every = 1")) {
      ResumeCheckpoints checkpoints = new ResumeCheckpoints();
      checkpoints.begin(f.context);
      assertThat(f.events)
          .containsExactly(
              "message the toy engine cannot save its optimizer state: this run "
                  + "writes no resumable checkpoints");
      f.stepTo(1, 0.5);
      checkpoints.endOfStep(f.context);
      assertThat(f.out.resolve(ResumeCheckpoint.CURRENT)).doesNotExist();
    }
  }
}
