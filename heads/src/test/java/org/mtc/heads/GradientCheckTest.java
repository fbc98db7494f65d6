package org.mtc.heads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mtc.core.AdamWSettings;
import org.mtc.core.LabelSpace;
import org.mtc.core.TaskHead.HeadLoss;
import org.mtc.core.TaskKind;

/**
 * Central finite differences against the analytic gradients of both heads, with and without pooler.
 */
class GradientCheckTest {
  private static final int IN = 6;
  private static final int LABELS = 4;
  private static final int BATCH = 5;
  private static final double EPS = 1e-2;

  @ParameterizedTest
  @CsvSource({
    "SINGLE_LABEL,true,0",
    "SINGLE_LABEL,false,0",
    "MULTI_LABEL,true,0",
    "MULTI_LABEL,false,0",
    "SINGLE_LABEL,true,0.3",
    "MULTI_LABEL,false,0.3"
  })
  void analyticGradientsMatchFiniteDifferences(TaskKind kind, boolean pooler, double dropout) {
    // with dropout the mask is fixed by the seed, so the loss is still a smooth function of the
    // inputs
    DenseHead head = head(kind, pooler, dropout);
    float[][] x = randomMatrix(BATCH, IN, 1.0, 3);
    float[][] targets = targets(kind);

    HeadLoss result = head.forwardBackward(x, targets, 7);
    float[][] dx = result.pooledGradient();
    List<Param> params = head.params();
    float[][] grads = params.stream().map(p -> p.grad().clone()).toArray(float[][]::new);
    assertThat(params).hasSize(pooler ? 4 : 2);

    for (int b = 0; b < BATCH; b++) {
      for (int i = 0; i < IN; i++) {
        float saved = x[b][i];
        x[b][i] = (float) (saved + EPS);
        double plus = loss(head, x, targets);
        x[b][i] = (float) (saved - EPS);
        double minus = loss(head, x, targets);
        x[b][i] = saved;
        assertClose(
            dx[b][i], (plus - minus) / (2 * EPS), "d loss / d pooled[" + b + "][" + i + "]");
      }
    }
    for (int p = 0; p < params.size(); p++) {
      float[] value = params.get(p).value;
      for (int k = 0; k < value.length; k++) {
        float saved = value[k];
        value[k] = (float) (saved + EPS);
        double plus = loss(head, x, targets);
        value[k] = (float) (saved - EPS);
        double minus = loss(head, x, targets);
        value[k] = saved;
        assertClose(grads[p][k], (plus - minus) / (2 * EPS), "param " + p + " [" + k + "]");
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"SINGLE_LABEL", "MULTI_LABEL"})
  void gradientsAccumulateUntilStep(TaskKind kind) {
    DenseHead head = head(kind, true, 0);
    float[][] x = randomMatrix(BATCH, IN, 1.0, 3);
    head.forwardBackward(x, targets(kind), 1);
    float[] once = head.params().get(0).grad().clone();
    head.forwardBackward(x, targets(kind), 1);
    float[] twice = head.params().get(0).grad();
    for (int k = 0; k < once.length; k++) {
      assertThat(twice[k]).isCloseTo(2 * once[k], Offset.offset(1e-6f));
    }
    head.step(AdamWSettings.DEEP_PAVLOV, 1e-3);
    for (var p : head.params()) {
      assertThat(p.grad()).containsOnly(0f);
    }
  }

  private static void assertClose(double analytic, double numeric, String what) {
    double tolerance = 2e-3 + 2e-2 * Math.abs(numeric);
    assertThat(analytic)
        .as(what + " analytic vs numeric " + numeric)
        .isCloseTo(numeric, Offset.offset(tolerance));
  }

  private static double loss(DenseHead head, float[][] x, float[][] targets) {
    double loss = head.forwardBackward(x, targets, 7).loss();
    head.params().forEach(p -> Arrays.fill(p.grad(), 0f));
    return loss;
  }

  static DenseHead head(TaskKind kind, boolean pooler, double dropout) {
    LabelSpace labels = new LabelSpace("t", List.of("a", "b", "c", "d"));
    HeadSettings settings = new HeadSettings(pooler, dropout, 0.5, true);
    return (DenseHead) Heads.create("t", kind, labels, IN, settings, 11);
  }

  private static float[][] targets(TaskKind kind) {
    float[][] t = new float[BATCH][LABELS];
    for (int b = 0; b < BATCH; b++) {
      if (kind == TaskKind.SINGLE_LABEL) {
        t[b][b % LABELS] = 1;
      } else {
        t[b][b % LABELS] = 1;
        t[b][(b * 3 + 1) % LABELS] = b == 2 ? 0 : 1;
      }
    }
    if (kind == TaskKind.MULTI_LABEL) {
      Arrays.fill(t[BATCH - 1], 0f); // an empty label set is a valid multi-label target
    }
    return t;
  }

  static float[][] randomMatrix(int rows, int cols, double std, long seed) {
    Random r = new Random(seed);
    float[][] m = new float[rows][cols];
    for (float[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = (float) (r.nextGaussian() * std);
      }
    }
    return m;
  }
}
