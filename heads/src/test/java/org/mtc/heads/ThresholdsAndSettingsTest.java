package org.mtc.heads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.MtcException;
import org.mtc.core.TaskHead;
import org.mtc.core.TaskKind;
import org.mtc.core.settings.Settings;

class ThresholdsAndSettingsTest {
  @TempDir Path dir;

  @Test
  void tuningPicksTheBestF1ThresholdPerLabel() {
    // label 0: positives at 0.35..0.45, negatives at 0.1..0.3 -> best threshold in (0.30, 0.35]
    // label 1: no positives -> 0.5; label 2: positives >= 0.85, negatives up to 0.8 -> 0.85
    float[][] p = {
      {0.35f, 0.9f, 0.90f},
      {0.40f, 0.2f, 0.85f},
      {0.45f, 0.1f, 0.95f},
      {0.10f, 0.7f, 0.80f},
      {0.20f, 0.3f, 0.60f},
      {0.30f, 0.6f, 0.70f},
    };
    boolean[][] gold = {
      {true, false, true},
      {true, false, true},
      {true, false, true},
      {false, false, false},
      {false, false, false},
      {false, false, false},
    };
    float[] t = ThresholdTuning.tune(p, gold, MultiLabelMetric.MACRO_F1);
    assertThat(t[0]).isEqualTo(0.35f);
    assertThat(t[1]).isEqualTo(0.5f);
    assertThat(t[2]).isEqualTo(0.85f);
  }

  @Test
  void tiesPreferTheThresholdClosestToOneHalf() {
    float[][] p = {{0.9f}, {0.1f}};
    boolean[][] gold = {{true}, {false}};
    assertThat(ThresholdTuning.tune(p, gold, MultiLabelMetric.MACRO_F1)).containsExactly(0.5f);
  }

  @Test
  void thresholdsAreValidatedAndSingleLabelHasNone() {
    TaskHead multi =
        Heads.create(
            "m", TaskKind.MULTI_LABEL, HeadsFileTest.labels("m", 2), 4, HeadSettings.DEFAULTS, 1);
    assertThat(multi.thresholds()).containsExactly(0.5f, 0.5f);
    assertThatThrownBy(() -> multi.setThresholds(new float[] {0.5f}))
        .hasMessageContaining("has 2 labels");
    assertThatThrownBy(() -> multi.setThresholds(new float[] {0.5f, 1.5f}))
        .hasMessageContaining("l1");
    TaskHead single =
        Heads.create(
            "s", TaskKind.SINGLE_LABEL, HeadsFileTest.labels("s", 2), 4, HeadSettings.DEFAULTS, 1);
    assertThat(single.thresholds()).isEmpty();
    assertThatThrownBy(() -> single.setThresholds(new float[] {0.5f, 0.5f}))
        .isInstanceOf(MtcException.class);
  }

  @Test
  void settingsDefaultsAndOverrides() throws Exception {
    assertThat(HeadSettings.from(Settings.load(List.of(), ConfigFactory.empty())))
        .isEqualTo(HeadSettings.DEFAULTS)
        .isEqualTo(new HeadSettings(true, 0.1, 0.02, true));
    Path f = dir.resolve("my.conf");
    Files.writeString(
        f, "mtc.heads {\n  pooler = false\n  dropout = 0.3\n  multi-label-prior-bias = false\n}\n");
    assertThat(HeadSettings.from(Settings.load(List.of(f), ConfigFactory.empty())))
        .isEqualTo(new HeadSettings(false, 0.3, 0.02, false));
    Files.writeString(f, "mtc.heads {\n  pooler = false\n  dropout = 1.5\n}\n");
    assertThatThrownBy(() -> HeadSettings.from(Settings.load(List.of(f), ConfigFactory.empty())))
        .hasMessageContaining("my.conf:3")
        .hasMessageContaining("mtc.heads.dropout = 1.5");
    Files.writeString(f, "mtc.heads.pooler = maybe\n");
    assertThatThrownBy(() -> HeadSettings.from(Settings.load(List.of(f), ConfigFactory.empty())))
        .hasMessageContaining("my.conf:1")
        .hasMessageContaining("pooler");
  }
}
