package org.mtc.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.MtcException;
import org.mtc.tasks.train.TrainSettings;

/**
 * Presets are visible files; --set beats the user's files, which beat the preset, which beats the
 * task set.
 */
class BenchSetupTest {
  @TempDir Path tmp;

  @Test
  void layersWinInOrder() throws IOException {
    Path tasks =
        Files.writeString(
            tmp.resolve("tasks.conf"),
            "mtc.tasks { a { data = a } }\nmtc.train.epochs = 7\nmtc.bench.speed-rounds = 9\n");
    Path preset = BenchSetup.writePreset("quick", tmp);
    assertThat(preset).hasFileName("preset-quick.conf");
    assertThat(Files.readString(preset)).contains("max-train-per-task = 1000");
    Path mine = Files.writeString(tmp.resolve("mine.conf"), "mtc.bench.max-test-per-task = 50\n");
    Config c =
        BenchSetup.load(
            List.of(mine),
            preset,
            tasks,
            Map.of("mtc.train.max-eval-per-task", "12"),
            Map.of("mtc.backbone.engine", "djl"));
    TrainSettings train = TrainSettings.from(c);
    BenchSettings bench = BenchSettings.from(c);
    assertThat(train.maxTrainPerTask()).isEqualTo(1000);
    assertThat(train.epochs()).isEqualTo(1);
    assertThat(train.maxEvalPerTask()).isEqualTo(12);
    assertThat(bench.maxTestPerTask()).isEqualTo(50);
    assertThat(bench.speedRounds()).isEqualTo(2);
    assertThat(
            BenchSettings.from(
                    BenchSetup.load(
                        List.of(), BenchSetup.writePreset("full", tmp), tasks, Map.of(), Map.of()))
                .maxTestPerTask())
        .isZero();
  }

  @Test
  void unknownPresetAndUnknownKeysAreErrors() throws IOException {
    assertThatThrownBy(() -> BenchSetup.writePreset("fast", tmp))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("quick");
    Path tasks = Files.writeString(tmp.resolve("tasks.conf"), "mtc.tasks { a { data = a } }\n");
    assertThatThrownBy(
            () ->
                BenchSetup.load(
                    List.of(), null, tasks, Map.of("mtc.bench.max-test-per-tsk", "5"), Map.of()))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("max-test-per-task");
  }
}
