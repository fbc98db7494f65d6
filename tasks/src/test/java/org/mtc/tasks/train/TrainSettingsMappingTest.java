package org.mtc.tasks.train;

import org.junit.jupiter.api.Test;
import org.mtc.core.testing.SettingsMapping;
import org.mtc.tasks.distill.DistillSettings;

/**
 * Every key of {@code mtc.train} in reference.conf is read by {@link TrainSettings#from} or, under
 * {@code mtc.train.distill}, by {@link DistillSettings#from}: a key nobody reads would do nothing.
 */
class TrainSettingsMappingTest {
  @Test
  void everyKeyOfTheSectionIsRead() {
    SettingsMapping.assertEveryKeyRead(
        "mtc.train",
        settings -> {
          TrainSettings.from(settings);
          DistillSettings.from(settings);
        });
  }
}
