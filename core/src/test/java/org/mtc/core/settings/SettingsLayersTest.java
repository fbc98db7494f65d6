package org.mtc.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.MtcException;

class SettingsLayersTest {
  @TempDir Path dir;

  private Path file(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void setBeatsCommandValuesBeatsLaterConfigBeatsEarlierConfigBeatsLowerFiles() throws Exception {
    Path lower =
        file(
            "tasks.conf",
            "mtc { seed = 1, backbone.max-length = 8, backbone.pooling = cls, "
                + "backbone.dropout = 0.5, cache-dir = lower }");
    Path first =
        file(
            "a.conf",
            "mtc { seed = 2, backbone.max-length = 9, backbone.pooling = mean, "
                + "backbone.dropout = 0.4 }");
    Path second =
        file("b.conf", "mtc { seed = 3, backbone.max-length = 10, backbone.pooling = mean }");
    SettingsLayers layers =
        SettingsLayers.of(
            List.of(first, second),
            Map.of("mtc.seed", "5"),
            Map.of("mtc.seed", 4, "mtc.backbone.max-length", 11));
    var s = layers.load(List.of(lower));
    assertThat(s.getInt("mtc.seed")).isEqualTo(5);
    assertThat(s.getInt("mtc.backbone.max-length")).isEqualTo(11);
    assertThat(s.getString("mtc.backbone.pooling")).isEqualTo("mean");
    assertThat(s.getDouble("mtc.backbone.dropout")).isEqualTo(0.4);
    assertThat(s.getString("mtc.cache-dir")).isEqualTo("lower");
    assertThat(s.getString("mtc.backbone.engine")).isEqualTo("djl"); // the reference
  }

  @Test
  void givenLeavesTheReferencesOut() throws Exception {
    var given = SettingsLayers.of(List.of(), Map.of("mtc.seed", "7"), Map.of()).given(List.of());
    assertThat(given.getInt("mtc.seed")).isEqualTo(7);
    assertThat(given.hasPath("mtc.backbone.engine")).isFalse();
  }

  @Test
  void aBadValueIsAnMtcExceptionNamingTheKey() {
    assertThatThrownBy(
            () ->
                SettingsLayers.of(List.of(), Map.of("mtc.seed", "many"), Map.of()).load(List.of()))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("seed");
  }
}
