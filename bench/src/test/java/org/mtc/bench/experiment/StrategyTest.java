package org.mtc.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.MtcException;
import org.mtc.core.settings.Settings;

class StrategyTest {
  @TempDir Path tmp;

  private BenchSettings read(String hocon) throws Exception {
    Path file = Files.writeString(tmp.resolve("bench.conf"), hocon);
    return BenchSettings.from(Settings.load(List.of(file), ConfigFactory.empty()));
  }

  @Test
  void theBaselineIsAlwaysFirstAndChosenStrategiesFollowInOrder() throws Exception {
    assertThat(read("").strategies()).extracting(Strategy::name).containsExactly("baseline");
    BenchSettings b = read("mtc.bench.strategies = [uncertainty, distill, baseline, distill]");
    assertThat(b.strategies())
        .extracting(Strategy::name)
        .containsExactly("baseline", "uncertainty", "distill");
    assertThat(b.strategies().get(2).distill()).isTrue();
    assertThat(b.strategies().get(1).directory()).isEqualTo("multitask-uncertainty");
    assertThat(b.strategies().get(0).directory()).isEqualTo("multitask");
  }

  @Test
  void aDeclaredStrategyAppliesItsSettingsOverTheRunsOnly() throws Exception {
    BenchSettings b =
        read(
            "mtc.bench.strategies = [hot]\n"
                + "mtc.bench.strategy.hot { distill = true, settings { mtc.train.distill.temperature = 2 } }");
    Strategy hot = b.strategies().get(1);
    assertThat(hot.distill()).isTrue();
    assertThat(
            hot.over(Settings.load(List.of(), ConfigFactory.empty()))
                .getDouble("mtc.train.distill.temperature"))
        .isEqualTo(2.0);
  }

  @Test
  void unknownStrategiesSettingsAndImpossibleCombinationsAreRefused() {
    assertThatThrownBy(() -> read("mtc.bench.strategies = [distil]"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("bench.conf:1")
        .hasMessageContaining("unknown strategy 'distil'; choose from [baseline, distill");
    assertThatThrownBy(
            () ->
                read(
                    "mtc.bench.strategies = [x]\n"
                        + "mtc.bench.strategy.x { settings { mtc.train.learning-rat = 1 } }"))
        .hasMessageContaining(
            "strategy 'x' sets 'mtc.train.learning-rat', which is not an mtc setting");
    assertThatThrownBy(
            () -> read("mtc.bench { single-task = false, strategies = [distill-uncertainty] }"))
        .hasMessageContaining("[distill-uncertainty] distil from the single-task models");
  }
}
