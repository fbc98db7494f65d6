package org.mtc.onnx;

import org.junit.jupiter.api.Test;
import org.mtc.core.testing.SettingsMapping;

/**
 * Every key of {@code mtc.backbone.onnx} in reference.conf is read by {@link OnnxSettings#from}: a
 * key nobody reads would do nothing.
 */
class OnnxSettingsMappingTest {
  @Test
  void everyKeyOfTheSectionIsRead() {
    SettingsMapping.assertEveryKeyRead(
        "mtc.backbone.onnx",
        settings -> OnnxSettings.from(settings.getConfig("mtc.backbone.onnx")));
  }
}
