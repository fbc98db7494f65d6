package org.mtc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AdamWPolicyTest {
  private static final AdamWPolicy POLICY =
      new AdamWPolicy(new AdamWSettings(0.9, 0.99, 1e-6, 0.01, 1.0));

  @Test
  void aStepBelowTheClipNormIsUnscaledAndBiasCorrected() {
    AdamWPolicy.Plan plan = POLICY.plan(0.5, 2, 1e-3);
    assertThat(plan.skipped()).isFalse();
    assertThat(plan.clipScale()).isEqualTo(1.0);
    assertThat(plan.correction1()).isCloseTo(1 - 0.81, within(1e-15));
    assertThat(plan.correction2()).isCloseTo(1 - 0.9801, within(1e-15));
    assertThat(plan.stepSize()).isCloseTo(1e-3 / 0.19, within(1e-15));
    assertThat(plan.decayFactor()).isCloseTo(1 - 1e-5, within(1e-15));
  }

  @Test
  void aLargeNormIsClippedToTheClipNorm() {
    AdamWPolicy.Plan plan = POLICY.plan(4.0, 1, 1e-3);
    assertThat(plan.clipScale() * 4.0).isCloseTo(1.0, within(1e-6));
    AdamWPolicy noClip = new AdamWPolicy(new AdamWSettings(0.9, 0.99, 1e-6, 0.01, 0));
    assertThat(noClip.plan(4.0, 1, 1e-3).clipScale()).isEqualTo(1.0);
  }

  @Test
  void aNonFiniteNormSkipsTheStepAndTheOutcomeSaysWho() {
    for (double norm : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
      AdamWPolicy.Plan plan = POLICY.plan(norm, 3, 1e-3);
      assertThat(plan.skipped()).isTrue();
      StepOutcome outcome = AdamWPolicy.outcome(plan, "the djl encoder");
      assertThat(outcome.skipped()).isTrue();
      assertThat(outcome.reason())
          .startsWith("the djl encoder: gradient norm is " + norm)
          .contains("skipped");
    }
    assertThat(AdamWPolicy.outcome(POLICY.plan(0.5, 1, 1e-3), "x"))
        .isEqualTo(StepOutcome.taken(0.5));
  }

  @Test
  void weightDecaySparesBiasesAndLayerNormAndIsOffAtZero() {
    assertThat(POLICY.decays("encoder.layer.0.attention.self.query.weight")).isTrue();
    assertThat(POLICY.decays("encoder.layer.0.attention.self.query.bias")).isFalse();
    assertThat(POLICY.decays("embeddings.LayerNorm.weight")).isFalse();
    assertThat(
            new AdamWPolicy(new AdamWSettings(0.9, 0.99, 1e-6, 0, 1)).decays("pooler.dense.weight"))
        .isFalse();
  }

  @Test
  void settingsAreRequired() {
    assertThatThrownBy(() -> new AdamWPolicy(null))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("mtc.train.optimizer");
  }
}
