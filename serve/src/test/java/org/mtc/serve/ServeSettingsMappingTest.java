package org.mtc.serve;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mtc.core.MtcException;
import org.mtc.core.testing.SettingsMapping;

/** Every key of {@code mtc.serve} in reference.conf is read by {@link ServeSettings#from}, and bad values are refused. */
class ServeSettingsMappingTest {
  @Test
  void everyKeyOfTheSectionIsRead() {
    SettingsMapping.assertEveryKeyRead("mtc.serve", ServeSettings::from);
  }

  @Test
  void aRequestLargerThanTheQueueIsRefusedAtStart() {
    assertThatThrownBy(() -> Http.settings("queue-capacity = 10, max-sentences = 11"))
        .isInstanceOf(MtcException.class).hasMessageContaining("max-sentences");
    assertThatThrownBy(() -> Http.settings("max-batch = 0")).isInstanceOf(MtcException.class);
  }
}
