package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlateauDecisionsTest {
  private static final String PATIENCE =
      "mtc.train { plateau-patience = 1, early-stop-patience = 2, "
          + "learning-rate = 1e-3, head-learning-rate = 1e-2 }";

  @TempDir Path tmp;

  @Test
  void saysWhenTheRatesHalveAndStopsEarlyAfterThePatience() {
    try (LoopFixture f = new LoopFixture(tmp, 6, PATIENCE)) {
      PlateauDecisions decisions = new PlateauDecisions();
      decisions.afterEvaluation(f.context, f.stepTo(2, 0.5), f.round(0.5));
      f.context.best(1, 2, Map.of()); // as BestCheckpoint records it
      assertThat(f.events).isEmpty();
      decisions.afterEvaluation(f.context, f.stepTo(4, 0.5), f.round(0.4));
      assertThat(f.events)
          .containsExactly(
              "message no improvement for 1 evaluations: learning rates halved to "
                  + "5.00e-04 (encoder) and 5.00e-03 (heads)");
      assertThat(f.context.stoppedEarly()).isFalse();
      f.events.clear();
      decisions.afterEvaluation(f.context, f.stepTo(6, 0.5), f.round(0.4));
      assertThat(f.context.stoppedEarly()).isTrue();
      assertThat(f.context.running()).isFalse();
      assertThat(f.events)
          .last()
          .asString()
          .isEqualTo(
              "message early stop at step 6: no improvement for 2 "
                  + "evaluations; best mean dev score 0.5000 at evaluation 1");
    }
  }

  @Test
  void aRunThatEndsAfterThisStepAnywayIsNotStoppedEarly() {
    try (LoopFixture f = new LoopFixture(tmp, 6, PATIENCE)) {
      PlateauDecisions decisions = new PlateauDecisions();
      f.round(0.5);
      f.round(0.4);
      decisions.afterEvaluation(
          f.context, f.stepTo(f.context.plan().totalSteps(), 0.5), f.round(0.4));
      assertThat(f.context.stoppedEarly()).isFalse();
    }
  }
}
