package org.mtc.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mtc.core.MtcException;
import org.mtc.core.settings.Settings;

/**
 * The reference settings read as {@link OnnxSettings#DEFAULTS}; copies change what they name and
 * keep the rest.
 */
class OnnxSettingsTest {
  @Test
  void theReferenceSettingsAreTheDefaults() {
    assertThat(
            OnnxSettings.from(
                Settings.load(List.of(), ConfigFactory.empty()).getConfig("mtc.backbone.onnx")))
        .isEqualTo(OnnxSettings.DEFAULTS);
  }

  @Test
  void aCopyChangesTheComponentsItNamesAndKeepsEveryOther() {
    OnnxSettings copy =
        OnnxSettings.DEFAULTS
            .withBatchSize(4)
            .with(b -> b.optimization(OptLevel.BASIC_OPT).graph(Optional.of(OnnxSettings.MINILM)));
    assertThat(copy.batchSize()).isEqualTo(4);
    assertThat(copy.optimization()).isEqualTo(OptLevel.BASIC_OPT);
    assertThat(copy.graph()).contains(OnnxSettings.MINILM);
    assertThat(
            copy.with(b -> b.batchSize(32).optimization(OptLevel.ALL_OPT).graph(Optional.empty())))
        .isEqualTo(OnnxSettings.DEFAULTS);
  }

  @Test
  void aCopyIsCheckedLikeTheSettingsRead() {
    assertThatThrownBy(() -> OnnxSettings.DEFAULTS.withBatchSize(0))
        .isInstanceOf(MtcException.class)
        .hasMessage("mtc.backbone.onnx.batch-size must be at least 1, got 0");
  }
}
