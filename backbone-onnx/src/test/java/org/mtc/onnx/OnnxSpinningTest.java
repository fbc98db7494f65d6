package org.mtc.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtc.core.settings.Settings;

/**
 * {@code mtc.backbone.onnx.spin}: off by default, and it reaches ONNX Runtime's session options.
 */
class OnnxSpinningTest {
  @Test
  void referenceDefaultIsNoSpinning() {
    OnnxSettings s =
        OnnxSettings.from(
            Settings.load(List.of(), ConfigFactory.empty()).getConfig("mtc.backbone.onnx"));
    assertThat(s.spin()).isFalse();
    assertThat(OnnxSettings.DEFAULTS.spin()).isFalse();
    assertThat(OnnxSettings.from(ConfigFactory.parseString("spin = true")).spin()).isTrue();
    assertThat(OnnxSettings.DEFAULTS.withSpin(true).withBatchSize(4).spin()).isTrue();
  }

  @Test
  void sessionOptionsCarryTheSpinningEntries() throws OrtException {
    try (OrtSession.SessionOptions o = OrtGraph.sessionOptions(OnnxSettings.DEFAULTS)) {
      assertThat(o.getConfigEntries())
          .containsEntry(OrtGraph.INTRA_OP_SPINNING, "0")
          .containsEntry(OrtGraph.INTER_OP_SPINNING, "0");
    }
    try (OrtSession.SessionOptions o =
        OrtGraph.sessionOptions(OnnxSettings.DEFAULTS.withSpin(true))) {
      assertThat(o.getConfigEntries())
          .containsEntry("session.intra_op.allow_spinning", "1")
          .containsEntry("session.inter_op.allow_spinning", "1");
    }
  }
}
