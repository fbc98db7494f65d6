package org.mtc.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    assertThatThrownBy(() -> Settings.load(List.of(dir.resolve("nope.conf")), ConfigFactory.empty()))
        .hasMessageContaining("nope.conf").hasMessageContaining("does not exist");
  }
}
