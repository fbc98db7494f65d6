package org.mtc.tasks.distill;

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

class DistillSettingsTest {
  @TempDir Path tmp;

  private DistillSettings read(String hocon) throws Exception {
    Path file = Files.writeString(tmp.resolve("run.conf"), hocon);
    return DistillSettings.from(Settings.load(List.of(file), ConfigFactory.empty()));
  }

  @Test
  void theDefaultsDistilNothingAndAnnealTheGoldWeight() throws Exception {
    DistillSettings d = read("");
    assertThat(d.enabled()).isFalse();
    assertThat(d.schedule()).isEqualTo(GoldWeightSchedule.ANNEAL);
    assertThat(d.goldWeight(1, 100)).isEqualTo(0.01);
    assertThat(d.goldWeight(50, 100)).isEqualTo(0.5);
    assertThat(d.goldWeight(100, 100)).isEqualTo(1.0);
    assertThat(d.temperature()).isEqualTo(1.0);
    assertThat(d.engine()).isEqualTo("onnx");
  }

  @Test
  void aConstantScheduleKeepsItsWeightAndTeachersAreReadByTask() throws Exception {
    Path model = Files.createDirectories(tmp.resolve("model"));
    DistillSettings d =
        read(
            "mtc.train.distill { schedule = constant, gold-weight = 0.3, teachers { emotion = \""
                + model
                + "\" } }");
    assertThat(d.goldWeight(1, 10)).isEqualTo(0.3);
    assertThat(d.goldWeight(10, 10)).isEqualTo(0.3);
    assertThat(d.teachers()).containsEntry("emotion", model);
    assertThat(d.enabled()).isTrue();
  }

  @Test
  void valuesOutOfRangeAreRefusedWithTheirPlace() {
    assertThatThrownBy(() -> read("mtc.train.distill.gold-weight = 1.5"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("run.conf:1")
        .hasMessageContaining("gold-weight must be in [0, 1]")
        .hasMessageContaining("got 1.5");
    assertThatThrownBy(() -> read("mtc.train.distill.temperature = -1"))
        .hasMessageContaining("temperature must be in (0, 100]");
    assertThatThrownBy(() -> read("mtc.train.distill.schedule = linear"))
        .hasMessageContaining("run.conf:1")
        .hasMessageContaining("unknown distillation schedule 'linear'");
    assertThatThrownBy(() -> read("mtc.train.distill.teachers.emotion = 3"))
        .hasMessageContaining("must be the path of a trained model directory");
    assertThatThrownBy(() -> read("mtc.train.distill.teachers.emotion = \"/no/such/model\""))
        .hasMessageContaining("run.conf:1")
        .hasMessageContaining("the teacher of task 'emotion', /no/such/model, does not exist");
  }
}
