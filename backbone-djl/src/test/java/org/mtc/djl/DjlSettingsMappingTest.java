package org.mtc.djl;

import org.junit.jupiter.api.Test;
import org.mtc.core.testing.SettingsMapping;

/**
 * Every key of {@code mtc.backbone.djl} in reference.conf is read by the djl engine's factory
 * ({@code DjlBackboneFactory.threads}): a key nobody reads would do nothing.
 */
class DjlSettingsMappingTest {
  @Test
  void everyKeyOfTheSectionIsRead() {
    SettingsMapping.assertEveryKeyRead(
        "mtc.backbone.djl",
        settings -> DjlBackboneFactory.threads(settings.getConfig("mtc.backbone.djl")));
  }
}
