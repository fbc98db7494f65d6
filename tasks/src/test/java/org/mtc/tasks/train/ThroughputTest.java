package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The roofline share is given only when the probe's matmul rate can be compared with training. */
class ThroughputTest {
  /** 10M transformer parameters, 1,000 padded tokens in 1 s: 60 GFLOP/s of training. */
  private static Throughput run(double matmulGflops) {
    return new Throughput(100, 900, 1_000, 1.0, matmulGflops, 10_000_000);
  }

  @Test
  void aShareIsGivenAgainstAPlausibleProbe() {
    Throughput t = run(120);
    assertThat(t.gflopsPadded()).isEqualTo(60.0);
    assertThat(t.rooflineSharePadded()).isEqualTo(0.5);
    assertThat(t.line()).contains("= 50% of the 120.0 GFLOP/s matmul rate");
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    t.writeTo(json);
    assertThat(json.path("roofline_share_padded").asDouble()).isEqualTo(0.5);
    assertThat(json.has("roofline_probe_too_low")).isFalse();
  }

  @Test
  void aProbeBelowWhatTrainingReachedGivesNoShareAbove100Percent() {
    Throughput t = run(15);
    assertThat(t.probeTooLow()).isTrue();
    assertThat(t.rooflineSharePadded()).isNaN();
    assertThat(t.line())
        .contains("more than the 15.0 GFLOP/s matmul rate the probe read")
        .doesNotContain("%  of")
        .doesNotContain("400%");
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    t.writeTo(json);
    assertThat(json.has("roofline_share_padded")).isFalse();
    assertThat(json.path("roofline_probe_too_low").asBoolean()).isTrue();
    assertThat(json.path("matmul_gflops").asDouble()).isEqualTo(15.0);
  }

  @Test
  void withoutAProbeThereIsNoRooflineAtAll() {
    Throughput t = run(0);
    assertThat(t.line()).doesNotContain("GFLOP/s");
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    t.writeTo(json);
    assertThat(json.has("matmul_gflops")).isFalse();
    assertThat(json.has("roofline_probe_too_low")).isFalse();
  }
}
