package org.mtc.tf;

import org.junit.jupiter.api.Test;
import org.mtc.core.testing.SettingsMapping;

/**
 * Every key of {@code mtc.backbone.tf} in reference.conf is read by the tf engine's session
 * configuration ({@code TfBackboneFactory.sessionConfig}): a key nobody reads would do nothing.
 */
class TfSettingsMappingTest {
  @Test
  void everyKeyOfTheSectionIsRead() {
    SettingsMapping.assertEveryKeyRead(
        "mtc.backbone.tf",
        settings -> TfBackboneFactory.sessionConfig(settings.getConfig("mtc.backbone.tf")));
  }
}
