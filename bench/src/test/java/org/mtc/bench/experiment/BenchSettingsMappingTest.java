package org.mtc.bench.experiment;

import org.junit.jupiter.api.Test;
import org.mtc.core.testing.SettingsMapping;

/**
 * Every key of {@code mtc.bench} in reference.conf is read by {@link BenchSettings#from}: a key
 * nobody reads would do nothing.
 */
class BenchSettingsMappingTest {
  @Test
  void everyKeyOfTheSectionIsRead() {
    SettingsMapping.assertEveryKeyRead("mtc.bench", settings -> BenchSettings.from(settings));
  }
}
