package org.mtc.tasks.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.TaskHead;
import org.mtc.tasks.data.TaskData;

class MultitaskModelTest {
  private static final List<Input> TEXTS =
      Input.ofTexts(List.of("the pizza was good", "football and software", "", "sad robot"));

  @TempDir Path tmp;
  Config settings;
  List<TaskData> data;

  @BeforeEach
  void setUp() {
    settings = ToyTasks.settings(ToyTasks.write(tmp.resolve("data"), 30, 10, 10, 3), true, "");
    data = ToyTasks.load(settings);
  }

  private MultitaskModel newModel() {
    return MultitaskModel.create(new ToyBackbone(8, 64, 5, true), data, settings);
  }

  @Test
  void multiLabelHeadsStartAtTheirLabelPriorsUnlessSwitchedOff() {
    TaskData tags = data.get(2);
    long[] positives = new long[tags.labels().size()];
    tags.train().forEach(e -> Arrays.stream(e.labels()).forEach(l -> positives[l]++));
    try (MultitaskModel model = newModel()) {
      float[] bias = model.head("tags").state().get("classifier.bias").data();
      for (int j = 0; j < bias.length; j++) {
        double p = (positives[j] + 0.5) / (tags.train().size() + 1.0);
        assertThat(bias[j]).isCloseTo((float) Math.log(p / (1 - p)), Assertions.within(1e-5f));
      }
      assertThat(bias).isNotEqualTo(new float[bias.length]);
      assertThat(model.head("topic").state().get("classifier.bias").data()).containsOnly(0f);
    }
    Config off =
        ConfigFactory.parseString("mtc.heads.multi-label-prior-bias = false")
            .withFallback(settings);
    try (MultitaskModel model = MultitaskModel.create(new ToyBackbone(8, 64, 5, true), data, off)) {
      assertThat(model.head("tags").state().get("classifier.bias").data()).containsOnly(0f);
    }
  }

  @Test
  void saveAndLoadGiveIdenticalProbabilitiesThresholdsAndTaskOrder() throws Exception {
    Path dir = tmp.resolve("model");
    Map<String, float[][]> before;
    try (MultitaskModel model = newModel()) {
      model.head("tags").setThresholds(new float[] {0.25f, 0.75f});
      before = model.probabilities(TEXTS);
      model.save(dir, new ObjectMapper().createObjectNode().put("mean_accuracy", 0.5));
    }
    assertThat(dir.resolve("backbone/model.safetensors")).isRegularFile();
    assertThat(dir.resolve("heads.safetensors")).isRegularFile();
    assertThat(dir.resolve("metrics.json")).content().contains("\"mean_accuracy\" : 0.5");
    assertThat(dir.resolve("settings.conf")).content().contains("engine").contains("toy");
    assertThat(dir.resolve("tasks.conf")).content().contains("labels = [\"neg\", \"pos\"]");
    try (MultitaskModel loaded = MultitaskModel.load(dir, ToyBackbone.engines(), settings)) {
      assertThat(loaded.tasks().names()).containsExactly("sentiment", "topic", "tags");
      assertThat(loaded.head("topic").labels().labels()).containsExactly("food", "sport", "tech");
      assertThat(loaded.head("tags").thresholds()).containsExactly(0.25f, 0.75f);
      Map<String, float[][]> after = loaded.probabilities(TEXTS);
      assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
      for (String task : before.keySet()) {
        assertThat(after.get(task)).isDeepEqualTo(before.get(task));
      }
    }
  }

  @Test
  void interruptedSaveLeavesThePreviousCheckpointLoadable() throws Exception {
    Path dir = tmp.resolve("model");
    float[][] saved;
    try (MultitaskModel model = newModel()) {
      saved = model.probabilities("sentiment", TEXTS);
      model.save(dir, null);
      TaskHead head = model.head("sentiment");
      head.load(
          ToyTasks.scaled(head.state(), -1f)); // a different model whose save will be interrupted
      assertThatThrownBy(
              () ->
                  Checkpoints.replace(
                      dir,
                      t -> {
                        model.writeTo(t, null);
                        assertThat(t.resolve("heads.safetensors")).isRegularFile();
                        throw new IllegalStateException("killed");
                      }))
          .hasMessage("killed");
    }
    assertThat(Checkpoints.temporary(dir)).doesNotExist();
    try (MultitaskModel loaded = MultitaskModel.load(dir, ToyBackbone.engines(), settings)) {
      assertThat(loaded.probabilities("sentiment", TEXTS)).isDeepEqualTo(saved);
    }
  }

  @Test
  void aSwapInterruptedBetweenItsRenamesIsReadOnLoadAndRepairedByTheNextSave() throws Exception {
    Path out = tmp.resolve("run");
    Path dir = out.resolve(MultitaskModel.BEST_DIR);
    try (MultitaskModel model = newModel()) {
      model.save(dir, null);
    }
    Files.move(dir, Checkpoints.previous(dir)); // the state after the first rename
    try (MultitaskModel loaded = MultitaskModel.load(out, ToyBackbone.engines(), settings)) {
      assertThat(loaded.tasks().names()).containsExactly("sentiment", "topic", "tags");
    }
    assertThat(dir).as("loading never writes").doesNotExist();
    assertThat(Checkpoints.previous(dir).resolve("tasks.conf")).isRegularFile();
    try (MultitaskModel model = newModel()) {
      model.save(dir, null);
    }
    assertThat(dir.resolve("tasks.conf")).isRegularFile();
    assertThat(Checkpoints.previous(dir)).doesNotExist();
  }

  @Test
  void aModelDirectoryRecordsItsFormatAndANewerOneIsRefusedNamingBothVersions() throws Exception {
    Path dir = tmp.resolve("versioned");
    try (MultitaskModel model = newModel()) {
      model.save(dir, null);
    }
    String stamp = Files.readString(dir.resolve(ModelFormat.FILE));
    assertThat(stamp).contains("\"format\" : 1").contains("mtc_version").doesNotContain("${");
    Files.writeString(dir.resolve(ModelFormat.FILE), "{\"format\": 7, \"mtc_version\": \"9.9.0\"}");
    assertThatThrownBy(() -> MultitaskModel.load(dir, ToyBackbone.engines(), settings))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("mtc 9.9.0")
        .hasMessageContaining("format 7")
        .hasMessageContaining("up to 1");
    Files.delete(dir.resolve(ModelFormat.FILE));
    try (MultitaskModel old = MultitaskModel.load(dir, ToyBackbone.engines(), settings)) {
      assertThat(old.tasks().names())
          .as("a directory from before versioning still loads")
          .hasSize(3);
    }
  }

  @Test
  void aLabelCountMismatchNamesBothFiles() throws Exception {
    Path dir = tmp.resolve("model");
    try (MultitaskModel model = newModel()) {
      model.save(dir, null);
    }
    Path conf = dir.resolve("tasks.conf");
    Files.writeString(
        conf,
        Files.readString(conf).replace("\"sport\", \"tech\"]", "\"sport\", \"tech\", \"art\"]"));
    assertThatThrownBy(() -> MultitaskModel.load(dir, ToyBackbone.engines(), settings))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("heads.safetensors")
        .hasMessageContaining("tasks.conf")
        .hasMessageContaining("topic");
  }

  @Test
  void aMissingFileIsNamed() throws Exception {
    Path dir = tmp.resolve("model");
    try (MultitaskModel model = newModel()) {
      model.save(dir, null);
    }
    Files.delete(dir.resolve("heads.safetensors"));
    assertThatThrownBy(() -> MultitaskModel.load(dir, ToyBackbone.engines(), settings))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(dir.resolve("heads.safetensors").toString());
    Files.delete(dir.resolve("tasks.conf"));
    assertThatThrownBy(() -> MultitaskModel.load(dir, ToyBackbone.engines(), settings))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(dir.resolve("tasks.conf").toString());
    assertThatThrownBy(
            () -> MultitaskModel.load(tmp.resolve("nowhere"), ToyBackbone.engines(), settings))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("does not exist");
  }
}
