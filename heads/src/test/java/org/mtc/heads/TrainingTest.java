package org.mtc.heads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.mtc.core.AdamWSettings;
import org.mtc.core.LabelSpace;
import org.mtc.core.TaskHead;
import org.mtc.core.TaskKind;

/** AdamW on small linearly separable problems: heads must fit them. */
class TrainingTest {
  private static final int IN = 16;
  private static final int N = 96;
  private static final AdamWSettings ADAM = new AdamWSettings(0.9, 0.99, 1e-6, 0.01, 1.0);

  @Test
  void singleLabelHeadLearnsSeparableClasses() {
    Random r = new Random(5);
    float[][] centres = GradientCheckTest.randomMatrix(3, IN, 1.0, 9);
    float[][] x = new float[N][IN];
    float[][] t = new float[N][3];
    int[] y = new int[N];
    for (int n = 0; n < N; n++) {
      y[n] = n % 3;
      t[n][y[n]] = 1;
      for (int i = 0; i < IN; i++) {
        x[n][i] = centres[y[n]][i] + (float) (0.3 * r.nextGaussian());
      }
    }
    TaskHead head =
        Heads.create(
            "s",
            TaskKind.SINGLE_LABEL,
            new LabelSpace("s", List.of("a", "b", "c")),
            IN,
            HeadSettings.DEFAULTS,
            1);
    double first = train(head, x, t);
    float[][] p = head.probabilities(x);
    int correct = 0;
    for (int n = 0; n < N; n++) {
      correct += argmax(p[n]) == y[n] ? 1 : 0;
      assertThat(sum(p[n])).isCloseTo(1.0, Offset.offset(1e-5));
    }
    assertThat(correct).isEqualTo(N);
    assertThat(head.forwardBackward(x, t, 0).loss()).isLessThan(first / 10);
  }

  @Test
  void multiLabelHeadLearnsSeparableLabelSets() {
    float[][] x = GradientCheckTest.randomMatrix(N, IN, 1.0, 4);
    float[][] t = new float[N][4];
    for (int n = 0; n < N; n++) {
      // separable with a margin: label 0 by x0, label 1 by x1 + x2, label 2 by x3 - x4; label 3
      // never
      x[n][0] = Math.copySign(0.5f + Math.abs(x[n][0]), x[n][0]);
      x[n][2] = -x[n][1] + Math.copySign(0.5f + Math.abs(x[n][2]), x[n][2]);
      x[n][4] = x[n][3] - Math.copySign(0.5f + Math.abs(x[n][4]), x[n][4]);
      t[n][0] = x[n][0] > 0 ? 1 : 0;
      t[n][1] = x[n][1] + x[n][2] > 0 ? 1 : 0;
      t[n][2] = x[n][3] - x[n][4] > 0 ? 1 : 0;
    }
    TaskHead head =
        Heads.create(
            "m",
            TaskKind.MULTI_LABEL,
            new LabelSpace("m", List.of("a", "b", "c", "d")),
            IN,
            new HeadSettings(false, 0, 0.02, true),
            2);
    double first = train(head, x, t);
    float[][] p = head.probabilities(x);
    assertThat(errorsPerLabel(p, t, head.thresholds())).containsExactly(0, 0, 0, 0);
    assertThat(head.forwardBackward(x, t, 0).loss()).isLessThan(first / 5);
  }

  @Test
  void stepWithoutGradientsChangesNothing() {
    TaskHead head =
        Heads.create(
            "s",
            TaskKind.SINGLE_LABEL,
            new LabelSpace("s", List.of("a", "b")),
            IN,
            HeadSettings.DEFAULTS,
            1);
    var before = head.state();
    head.step(ADAM, 0.1);
    assertThat(head.state()).isEqualTo(before);
  }

  @Test
  void dropoutMaskRepeatsForASeedAndIsOffAtInference() {
    TaskHead head =
        Heads.create(
            "s",
            TaskKind.SINGLE_LABEL,
            new LabelSpace("s", List.of("a", "b")),
            IN,
            new HeadSettings(true, 0.5, 0.5, true),
            1);
    float[][] x = GradientCheckTest.randomMatrix(4, IN, 1.0, 1);
    float[][] t = {{1, 0}, {0, 1}, {1, 0}, {0, 1}};
    var a = head.forwardBackward(x, t, 3);
    var b = head.forwardBackward(x, t, 3);
    var c = head.forwardBackward(x, t, 4);
    assertThat(a.probabilities()).isDeepEqualTo(b.probabilities());
    assertThat(a.probabilities()).isNotEqualTo(c.probabilities());
    assertThat(head.probabilities(x)).isDeepEqualTo(head.probabilities(x));
  }

  /** 300 full-batch AdamW steps at lr 1e-2; returns the initial loss. */
  private static double train(TaskHead head, float[][] x, float[][] t) {
    double first = Double.NaN;
    for (int step = 0; step < 300; step++) {
      double loss = head.forwardBackward(x, t, step).loss();
      if (step == 0) {
        first = loss;
      }
      head.step(ADAM, 1e-2);
    }
    return first;
  }

  private static int[] errorsPerLabel(float[][] p, float[][] t, float[] th) {
    int[] w = new int[th.length];
    for (int n = 0; n < p.length; n++) {
      for (int j = 0; j < th.length; j++) {
        w[j] += (p[n][j] >= th[j]) != (t[n][j] == 1) ? 1 : 0;
      }
    }
    return w;
  }

  private static int argmax(float[] v) {
    int best = 0;
    for (int j = 1; j < v.length; j++) {
      best = v[j] > v[best] ? j : best;
    }
    return best;
  }

  private static double sum(float[] v) {
    double s = 0;
    for (float f : v) {
      s += f;
    }
    return s;
  }
}
