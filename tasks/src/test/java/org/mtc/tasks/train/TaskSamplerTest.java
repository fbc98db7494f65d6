package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TaskSamplerTest {
  private static final long[] SIZES = {100, 400, 0};

  @Test
  void probabilitiesFollowTheStrategy() {
    assertThat(new TaskSampler(Sampling.PROPORTIONAL, 2, 1, SIZES, 1).probabilities(1))
        .containsExactly(new double[] {0.2, 0.8, 0}, within(1e-12));
    assertThat(new TaskSampler(Sampling.UNIFORM, 2, 1, SIZES, 1).probabilities(1))
        .containsExactly(new double[] {0.5, 0.5, 0}, within(1e-12));
    // temperature 2: p ~ sqrt(n) = 10 : 20
    assertThat(new TaskSampler(Sampling.TEMPERATURE, 2, 1, SIZES, 1).probabilities(1))
        .containsExactly(new double[] {1 / 3.0, 2 / 3.0, 0}, within(1e-12));
    TaskSampler annealed = new TaskSampler(Sampling.ANNEALED, 2, 3, SIZES, 1);
    assertThat(annealed.probabilities(1))
        .containsExactly(new double[] {0.2, 0.8, 0}, within(1e-12));
    double a = 0.2; // last epoch: alpha = 1 - 0.8
    double p0 = Math.pow(100, a) / (Math.pow(100, a) + Math.pow(400, a));
    assertThat(annealed.probabilities(3)[0]).isCloseTo(p0, within(1e-12));
  }

  @Test
  void samplingIsSeededAndMatchesTheProbabilities() {
    TaskSampler a = new TaskSampler(Sampling.PROPORTIONAL, 2, 1, SIZES, 9);
    TaskSampler b = new TaskSampler(Sampling.PROPORTIONAL, 2, 1, SIZES, 9);
    int[] counts = new int[3];
    for (int i = 0; i < 10_000; i++) {
      int t = a.next(1);
      assertThat(b.next(1)).isEqualTo(t);
      counts[t]++;
    }
    assertThat(counts[2]).isZero();
    assertThat(counts[1] / 10_000.0).isCloseTo(0.8, within(0.02));
  }
}
