package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.TaskHead;
import org.mtc.tasks.data.Example;

class UncertaintyWeightingTest {
  private static final float[][] GRADIENT = {{1f, -2f, 0.5f}, {0f, 4f, -8f}};
  private static final float[][] PROBABILITIES = {{0.25f}, {0.75f}};

  @TempDir Path tmp;

  /** A loss with the same value and encoder gradient every batch. */
  private static final class Constant implements StepLoss {
    final double loss;

    Constant(double loss) {
      this.loss = loss;
    }

    @Override
    public TaskHead.HeadLoss forwardBackward(
        TaskHead head, float[][] pooled, List<Example> batch, long step, long seed) {
      return new TaskHead.HeadLoss(loss, GRADIENT, PROBABILITIES);
    }
  }

  @Test
  void theEncoderGradientIsScaledByTheWeightBeforeTheStepAndTheLossIsUnweighted() {
    try (LoopFixture f = new LoopFixture(tmp, 0, "")) {
      TaskUncertainties u = new TaskUncertainties(List.of("sentiment", "topic"), 0.1);
      StepLoss weighted = new UncertaintyWeighting(new Constant(2.0), u);
      TaskHead topic = f.model.head("topic");
      TaskHead.HeadLoss first = weighted.forwardBackward(topic, new float[2][3], List.of(), 1, 7);
      assertThat(first.loss()).isEqualTo(2.0);
      assertThat(first.pooledGradient()).isDeepEqualTo(GRADIENT); // s = 0: weight 1
      assertThat(first.probabilities()).isSameAs(PROBABILITIES);
      double s = -0.1 * (0.5 - 2.0); // 0.15: the step after a loss above 1/2 raises s
      assertThat(u.weight("topic")).isEqualTo(Math.exp(-s));
      assertThat(u.weight("sentiment")).isEqualTo(1.0); // only the step's task learns
      TaskHead.HeadLoss second = weighted.forwardBackward(topic, new float[2][3], List.of(), 2, 7);
      assertThat(second.loss()).isEqualTo(2.0);
      for (int i = 0; i < GRADIENT.length; i++) {
        for (int j = 0; j < GRADIENT[i].length; j++) {
          assertThat(second.pooledGradient()[i][j])
              .isEqualTo((float) (GRADIENT[i][j] * Math.exp(-s)));
        }
      }
      assertThat(GRADIENT[1][2]).as("the wrapped loss's array is left alone").isEqualTo(-8f);
    }
  }

  @Test
  void withoutWeightingTheLossIsNotWrapped() {
    StepLoss gold = new GoldLabelLoss();
    assertThat(UncertaintyWeighting.around(gold, Optional.empty())).isSameAs(gold);
    assertThat(
            UncertaintyWeighting.around(
                gold, Optional.of(new TaskUncertainties(List.of("a"), 0.01))))
        .isInstanceOf(UncertaintyWeighting.class);
  }
}
