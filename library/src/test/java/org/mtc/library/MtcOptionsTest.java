package org.mtc.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtc.core.MtcException;
import org.mtc.core.settings.Settings;

/**
 * The settings {@link Mtc#open} opens a model with: merged settings pass through as they are, a
 * user's layer is merged over the references, and what {@link MtcOptions#set} adds wins and is
 * checked either way.
 */
class MtcOptionsTest {
  private static final Config ONNX =
      Settings.load(
          List.of(),
          ConfigFactory.parseString("mtc.backbone { engine = onnx, onnx.intra-op-threads = 3 }"));

  @Test
  void mergedSettingsAreUsedAsTheyAreWithoutASecondMerge() {
    assertThat(MtcOptions.defaults().settings(ONNX).merged()).isSameAs(ONNX);
    assertThat(MtcOptions.defaults().settings(ONNX).batchSize(4).merged()).isSameAs(ONNX);
  }

  @Test
  void setAndEngineWinOverMergedSettingsAndKeepTheRest() {
    Config opened =
        MtcOptions.defaults()
            .settings(ONNX)
            .engine("djl")
            .set("mtc.backbone.djl.threads", 2)
            .merged();
    assertThat(opened.getString("mtc.backbone.engine")).isEqualTo("djl");
    assertThat(opened.getInt("mtc.backbone.djl.threads")).isEqualTo(2);
    assertThat(opened.getInt("mtc.backbone.onnx.intra-op-threads")).isEqualTo(3);
    assertThat(opened.withoutPath("mtc.backbone").root())
        .isEqualTo(ONNX.withoutPath("mtc.backbone").root());
  }

  @Test
  void whatSetAddsToMergedSettingsIsCheckedAsInAUserLayer() {
    MtcOptions merged = MtcOptions.defaults().settings(ONNX);
    assertThatThrownBy(() -> merged.set("mtc.backbone.enigne", "tf").merged())
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("unknown setting 'mtc.backbone.enigne'")
        .hasMessageContaining("mtc.backbone.engine");
    assertThatThrownBy(() -> merged.set("mtc.backbone.dropout", 2).merged())
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("mtc.backbone.dropout");
  }

  @Test
  void aUserLayerIsMergedOverTheReferences() {
    Config opened =
        MtcOptions.defaults()
            .config(ConfigFactory.parseString("mtc.backbone.engine = onnx"))
            .merged();
    assertThat(opened.getString("mtc.backbone.engine")).isEqualTo("onnx");
    assertThat(opened.getInt("mtc.backbone.max-length")).isEqualTo(32);
    assertThat(
            MtcOptions.defaults()
                .settings(ONNX)
                .config(ConfigFactory.empty())
                .merged()
                .getString("mtc.backbone.engine"))
        .as("config replaces settings given before")
        .isEqualTo("djl");
  }

  @Test
  void setTakesNullForASettingsNone() {
    Config opened =
        MtcOptions.defaults()
            .config(ConfigFactory.empty())
            .set("mtc.backbone.directory", null)
            .merged();
    assertThat(opened.getIsNull("mtc.backbone.directory")).isTrue();
  }

  @Test
  void settingsThatAreNotMergedAreRefusedWithTheWayOut() {
    assertThatThrownBy(
            () ->
                MtcOptions.defaults()
                    .settings(ConfigFactory.parseString("mtc.backbone.engine = onnx")))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("MtcOptions.settings")
        .hasMessageContaining("not merged over the references (mtc.seed is missing)")
        .hasMessageContaining("MtcOptions.config");
    assertThatThrownBy(() -> MtcOptions.defaults().settings(null))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("MtcOptions.settings: the settings are null");
  }
}
