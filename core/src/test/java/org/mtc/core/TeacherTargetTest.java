package org.mtc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How each kind turns a teacher's outputs into a student's target row. */
class TeacherTargetTest {
  @Test
  void singleLabelSoftensTheDistributionAsSoftmaxOfLogitsOverTheTemperature() {
    float[] p = {0.7f, 0.2f, 0.1f};
    assertThat(TaskKind.SINGLE_LABEL.teacherTarget(p, 1)).containsExactly(p, within(1e-6f));
    float[] soft = TaskKind.SINGLE_LABEL.teacherTarget(p, 2);
    double z = Math.sqrt(0.7) + Math.sqrt(0.2) + Math.sqrt(0.1);
    assertThat(soft[0]).isCloseTo((float) (Math.sqrt(0.7) / z), within(1e-6f));
    assertThat(soft[2]).isCloseTo((float) (Math.sqrt(0.1) / z), within(1e-6f));
    float[] sharp = TaskKind.SINGLE_LABEL.teacherTarget(p, 0.5);
    assertThat(sharp[0]).isGreaterThan(0.7f);
    assertThat(sharp[0] + sharp[1] + sharp[2]).isCloseTo(1f, within(1e-6f));
    assertThat(p).containsExactly(0.7f, 0.2f, 0.1f); // the teacher's row is not changed
    TaskKind.SINGLE_LABEL.checkTarget("t", soft, 0);
  }

  @Test
  void multiLabelSoftensEachLabelAsSigmoidOfTheLogitOverTheTemperature() {
    float[] p = {0.9f, 0.5f, 0f};
    assertThat(TaskKind.MULTI_LABEL.teacherTarget(p, 1)).containsExactly(p);
    float[] soft = TaskKind.MULTI_LABEL.teacherTarget(p, 3);
    double logit = Math.log(0.9 / 0.1);
    assertThat(soft[0]).isCloseTo((float) (1 / (1 + Math.exp(-logit / 3))), within(1e-5f));
    assertThat(soft[1]).isCloseTo(0.5f, within(1e-6f));
    assertThat(soft[2]).isGreaterThan(0f).isLessThan(0.01f);
    TaskKind.MULTI_LABEL.checkTarget("t", soft, 0);
  }

  @Test
  void aKindThatDoesNotSayHowIsRefusedNamingIt() {
    assertThatThrownBy(() -> new Ordinal().teacherTarget(new float[] {1f}, 1))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("tasks of kind ordinal cannot learn from a teacher");
  }

  /** A kind that keeps the interface's default teacherTarget. */
  private static final class Ordinal implements TaskKind {
    @Override
    public String configName() {
      return "ordinal";
    }

    @Override
    public String defaultLabelColumn() {
      return "label";
    }

    @Override
    public boolean exactlyOneLabel() {
      return true;
    }

    @Override
    public void checkTarget(String task, float[] target, int row) {}

    @Override
    public OutputActivation activation() {
      return OutputActivation.SOFTMAX;
    }

    @Override
    public double lossAndGradient(float[] z, float[] t, float[] g, int batch) {
      return 0;
    }

    @Override
    public boolean decidesByThresholds() {
      return false;
    }

    @Override
    public int[] decide(float[] outputs, float[] thresholds) {
      return new int[0];
    }

    @Override
    public boolean macroF1OverAllLabels() {
      return false;
    }

    @Override
    public List<String> scoreNames() {
      return List.of();
    }
  }
}
