package org.mtc.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.MtcException;
import org.mtc.core.engine.BackboneSpec;

class SettingsTest {
  @TempDir Path dir;

  @Test
  void pinsTheDefaults() {
    Config c = Settings.load(List.of(), ConfigFactory.empty());
    assertThat(c.getString("mtc.backbone.engine")).isEqualTo("djl");
    assertThat(c.getInt("mtc.backbone.max-length")).isEqualTo(32);
    assertThat(c.getDouble("mtc.train.optimizer.beta2")).isEqualTo(0.99);
    BackboneSpec spec = BackboneSpec.from(c, dir);
    assertThat(spec.fineTuning().full()).isTrue();
  }

  @Test
  void setValuesReadAsHoconScalarsWithNullForNone() {
    assertThat(Settings.scalar("null")).isNull();
    assertThat(Settings.scalar("true")).isEqualTo(true);
    assertThat(Settings.scalar("32")).isEqualTo(32L);
    assertThat(Settings.scalar("8e-5")).isEqualTo(8e-5);
    assertThat(Settings.scalar("bot_utterance")).isEqualTo("bot_utterance");
    Config c =
        ConfigFactory.empty()
            .withValue(
                "mtc.tasks.x.context-column",
                ConfigValueFactory.fromAnyRef(Settings.scalar("null")));
    assertThat(c.getIsNull("mtc.tasks.x.context-column")).isTrue();
  }

  @Test
  void unknownKeyNamesFileLineAndSuggestion() throws Exception {
    Path f = dir.resolve("my.conf");
    Files.writeString(f, "mtc {\n  backbone {\n    engin = onnx\n  }\n}\n");
    assertThatThrownBy(() -> Settings.load(List.of(f), ConfigFactory.empty()))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("my.conf:3")
        .hasMessageContaining("mtc.backbone.engin")
        .hasMessageContaining("did you mean 'mtc.backbone.engine'?");
  }

  @Test
  void unknownTaskKeyIsCheckedAgainstTaskDefaults() throws Exception {
    Path f = dir.resolve("tasks.conf");
    Files.writeString(f, "mtc.tasks {\n  a { data = x }\n  b { data = y, text-colum = t }\n}\n");
    assertThatThrownBy(() -> Settings.load(List.of(f), ConfigFactory.empty()))
        .hasMessageContaining("tasks.conf:3")
        .hasMessageContaining("did you mean 'text-column'");
  }

  @Test
  void missingFileIsNamed() {
    assertThatThrownBy(
            () -> Settings.load(List.of(dir.resolve("nope.conf")), ConfigFactory.empty()))
        .hasMessageContaining("nope.conf")
        .hasMessageContaining("does not exist");
  }

  @Test
  void keysOutsideMtcAreErrorsWithTheMtcKeySuggested() throws Exception {
    Path f = dir.resolve("plain.conf");
    Files.writeString(f, "backbone.dropout = 0.2\n");
    assertThatThrownBy(() -> Settings.load(List.of(f), ConfigFactory.empty()))
        .hasMessageContaining("plain.conf:1")
        .hasMessageContaining("unknown setting 'backbone.dropout'")
        .hasMessageContaining("did you mean 'mtc.backbone.dropout'?");
  }

  @Test
  void valuesOutOfRangeAreRefusedWithKeyPlaceAndRange() throws Exception {
    Path f = dir.resolve("range.conf");
    Files.writeString(f, "mtc.backbone.dropout = 2\nmtc.train.optimizer.beta1 = 1.5\n");
    assertThatThrownBy(() -> Settings.load(List.of(f), ConfigFactory.empty()))
        .hasMessageContaining(
            "range.conf:1: mtc.backbone.dropout = 2 is out of range; it must be a number in [0, 1)")
        .hasMessageContaining("range.conf:2: mtc.train.optimizer.beta1 = 1.5");
    assertThatThrownBy(
            () -> Settings.load(List.of(), ConfigFactory.parseMap(Map.of("mtc.seed", 1.5))))
        .hasMessageContaining("mtc.seed = 1.5")
        .hasMessageContaining("whole number");
    assertThatThrownBy(
            () ->
                Settings.load(
                    List.of(), ConfigFactory.parseMap(Map.of("mtc.backbone.max-length", "many"))))
        .hasMessageContaining("mtc.backbone.max-length = \"many\" is out of range");
    Config ok = Settings.load(List.of(), ConfigFactory.parseMap(Map.of("mtc.backbone.dropout", 0)));
    assertThat(ok.getDouble("mtc.backbone.dropout")).isZero();
  }

  @Test
  void everyDeclaredRangeNamesAKnownSettingAndHoldsItsDefault() {
    SettingRanges.verifyDeclarations(Settings.reference());
    assertThat(SettingRanges.declared()).containsKeys("mtc.backbone.dropout", "mtc.seed");
  }
}
