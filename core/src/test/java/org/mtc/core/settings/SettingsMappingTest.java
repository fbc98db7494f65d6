package org.mtc.core.settings;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mtc.core.testing.SettingsMapping;

class SettingsMappingTest {
  @Test
  void aReaderThatReadsEveryKeyPasses() {
    SettingsMapping.assertEveryKeyRead(
        "mtc.train.optimizer",
        c -> {
          var o = c.getConfig("mtc.train.optimizer");
          for (String k : new String[] {"beta1", "beta2", "epsilon", "weight-decay", "clip-norm"}) {
            o.getDouble(k);
          }
        });
  }

  @Test
  void aKeyNobodyReadsFailsAndIsNamed() {
    assertThatThrownBy(
            () ->
                SettingsMapping.assertEveryKeyRead(
                    "mtc.backbone", c -> c.getString("mtc.backbone.engine")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("mtc.backbone.directory")
        .hasMessageContaining("mtc.backbone.dropout");
  }

  @Test
  void aNullKeyCountsAsReadWhenItsNullnessIsChecked() {
    SettingsMapping.assertEveryKeyRead(
        "mtc.backbone",
        c -> {
          for (String k :
              new String[] {"engine", "pooling", "max-length", "trainable-layers", "dropout"}) {
            c.getValue("mtc.backbone." + k);
          }
          c.getIsNull("mtc.backbone.directory");
        });
  }
}
