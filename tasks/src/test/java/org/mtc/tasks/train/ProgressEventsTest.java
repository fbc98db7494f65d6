package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.StepOutcome;

class ProgressEventsTest {
  @TempDir Path tmp;

  @Test
  void passesStartStepsSkippedStepsAndEvaluationsToTheListener() {
    try (LoopFixture f = new LoopFixture(tmp, 6, "")) {
      ProgressEvents progress = new ProgressEvents();
      progress.begin(f.context);
      progress.afterStep(f.context, f.stepTo(1, 0.25, StepOutcome.taken(1.0)));
      progress.afterStep(
          f.context,
          f.stepTo(
              2, 0.5, StepOutcome.taken(1.0), StepOutcome.skipped(Double.NaN, "the toy encoder")));
      progress.afterEvaluation(f.context, f.stepTo(2, 0.5), f.round(0.75));
      assertThat(f.events)
          .containsExactly(
              "started 20 80",
              "step 1 sentiment 0.25",
              "skipped 2 sentiment",
              "step 2 sentiment 0.5",
              "evaluated 1 0.75 true");
      assertThat(f.out.resolve("train.log"))
          .content()
          .startsWith("step 2 (sentiment) skipped: the toy encoder: " + "gradient norm is NaN");
    }
  }
}
