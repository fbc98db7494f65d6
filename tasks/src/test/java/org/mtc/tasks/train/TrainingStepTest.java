package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.TaskHead;
import org.mtc.tasks.data.Example;

class TrainingStepTest {
  @TempDir Path tmp;

  /** The gold-label loss, recording what it is asked. */
  private static final class Recording implements StepLoss {
    final List<String> calls = new ArrayList<>();

    @Override
    public TaskHead.HeadLoss forwardBackward(
        TaskHead head, float[][] pooled, List<Example> batch, long step, long seed) {
      calls.add(step + " " + head.task() + " " + batch.size() + " " + pooled.length + " " + seed);
      return new GoldLabelLoss().forwardBackward(head, pooled, batch, step, seed);
    }
  }

  @Test
  void takesTheNextStepOnTheSampledTasksBatchThroughTheStepLoss() {
    try (LoopFixture f =
        new LoopFixture(tmp, 0, "mtc.train { learning-rate = 1e-3, head-learning-rate = 1e-2 }")) {
      Recording loss = new Recording();
      TrainingStep step = new TrainingStep(loss);
      StepResult first = step.run(f.context);
      StepResult second = step.run(f.context);
      assertThat(f.context.step()).isEqualTo(2);
      assertThat(List.of(first.step(), second.step())).containsExactly(1L, 2L);
      assertThat(loss.calls).hasSize(2);
      assertThat(loss.calls.get(1))
          .startsWith("2 " + second.taskName() + " " + second.batch().examples().size())
          .endsWith(" " + (42 * TrainingStep.SEED_MIX + 2));
      assertThat(second.taskName()).isEqualTo(f.context.plan().names().get(second.task()));
      assertThat(second.batch().examples()).hasSize(8);
      assertThat(second.epoch()).isEqualTo(1);
      assertThat(second.loss()).isPositive().isFinite();
      assertThat(second.outcomes())
          .hasSize(2)
          .noneMatch(o -> o.skipped()); // the head's and the encoder's
      assertThat(second.learningRate()).isEqualTo(1e-3);
      assertThat(second.headLearningRate()).isEqualTo(1e-2);
      assertThat(second.seconds()).isPositive();
    }
  }

  @Test
  void theLearningRatesFollowTheSchedulesScale() {
    try (LoopFixture f =
        new LoopFixture(
            tmp,
            6,
            "mtc.train { learning-rate = 1e-3, head-learning-rate = 1e-2, "
                + "plateau-patience = 1 }")) {
      f.context.schedule().record(0.5);
      f.context.schedule().record(0.4); // halves
      StepResult s = new TrainingStep(new GoldLabelLoss()).run(f.context);
      assertThat(s.learningRate()).isEqualTo(5e-4);
      assertThat(s.headLearningRate()).isEqualTo(5e-3);
    }
  }
}
