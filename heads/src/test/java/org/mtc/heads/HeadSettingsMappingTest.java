package org.mtc.heads;

import org.junit.jupiter.api.Test;
import org.mtc.core.testing.SettingsMapping;

/**
 * Every key of {@code mtc.heads} in reference.conf is read by {@link HeadSettings#from}: a key
 * nobody reads would do nothing.
 */
class HeadSettingsMappingTest {
  @Test
  void everyKeyOfTheSectionIsRead() {
    SettingsMapping.assertEveryKeyRead("mtc.heads", settings -> HeadSettings.from(settings));
  }
}
