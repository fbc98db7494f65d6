package org.mtc.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mtc.core.MtcException;
import org.mtc.core.testing.SettingsMapping;

/**
 * Every key of {@code mtc.serve} in reference.conf is read by {@link ServeSettings#from}, bad
 * values are refused, and a copy changes only what it names.
 */
class ServeSettingsMappingTest {
  @Test
  void everyKeyOfTheSectionIsRead() {
    SettingsMapping.assertEveryKeyRead("mtc.serve", ServeSettings::from);
  }

  @Test
  void aRequestLargerThanTheQueueIsRefusedAtStart() {
    assertThatThrownBy(() -> Http.settings("queue-capacity = 10, max-sentences = 11"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("max-sentences");
    assertThatThrownBy(() -> Http.settings("max-batch = 0")).isInstanceOf(MtcException.class);
  }

  @Test
  void eachBadValueIsNamedAloneWithItsRange() {
    ServeSettings good = Http.settings("");
    assertThatThrownBy(() -> good.withPort(99999))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("mtc.serve.port (--port) = 99999")
        .hasMessageContaining("0..65535")
        .hasMessageNotContaining("ServeSettings[")
        .hasMessageNotContaining("max-batch");
    assertThatThrownBy(() -> Http.settings("max-body-bytes = 0"))
        .isInstanceOf(MtcException.class)
        .hasMessage(
            "mtc.serve.max-body-bytes = 0 is out of range; it must be 1 or more (bytes of one request body)");
    assertThatThrownBy(() -> Http.settings("request-timeout = 0s, drain-timeout = -1s"))
        .isInstanceOf(MtcException.class)
        .hasMessage(
            "mtc.serve.request-timeout = 0ms is out of range; it must be a duration greater than 0, e.g. 5ms "
                + "or 3s\nmtc.serve.drain-timeout = -1000ms is out of range; it must be a duration of 0 or more, e.g. 5ms "
                + "or 3s");
    assertThatThrownBy(() -> Http.settings("port = 70000"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("mtc.serve.port = 70000 is out of range")
        .hasMessageContaining("[0, 65535]");
  }

  @Test
  void aCopyChangesTheComponentsItNamesAndKeepsEveryOther() {
    ServeSettings read = Http.settings("");
    ServeSettings copy = read.withPort(8123).with(b -> b.host("0.0.0.0").maxBatch(1));
    assertThat(copy.port()).isEqualTo(8123);
    assertThat(copy.host()).isEqualTo("0.0.0.0");
    assertThat(copy.maxBatch()).isEqualTo(1);
    assertThat(copy.with(b -> b.port(read.port()).host(read.host()).maxBatch(read.maxBatch())))
        .isEqualTo(read);
  }
}
