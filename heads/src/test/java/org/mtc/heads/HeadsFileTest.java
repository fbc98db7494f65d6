package org.mtc.heads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.AdamWSettings;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.core.TaskHead;
import org.mtc.core.TaskKind;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.io.Safetensors;

class HeadsFileTest {
  private static final int IN = 8;

  @TempDir Path dir;

  @Test
  void saveThenLoadRestoresEveryHeadExactly() {
    TaskHead single = topicHead(true, 1);
    TaskHead multi = tagsHead(false, 2);
    float[][] x = GradientCheckTest.randomMatrix(5, IN, 1.0, 3);
    single.forwardBackward(
        x, new float[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}, {0, 1, 0}}, 1);
    single.step(AdamWSettings.DEEP_PAVLOV, 1e-2);
    multi.setThresholds(new float[] {0.3f, 0.5f, 0.7f, 0.95f});
    Path file = dir.resolve(Heads.FILE_NAME);
    Heads.save(file, List.of(single, multi));

    assertThat(Safetensors.read(file).keySet())
        .containsExactlyInAnyOrder(
            "topic.pooler.weight",
            "topic.pooler.bias",
            "topic.classifier.weight",
            "topic.classifier.bias",
            "tags.classifier.weight",
            "tags.classifier.bias",
            "tags.thresholds");
    assertThat(Safetensors.read(file).get("topic.classifier.weight").shape())
        .containsExactly(3, IN);
    assertThat(Heads.poolers(file))
        .containsExactly(Map.entry("tags", false), Map.entry("topic", true));

    // other seeds and the opposite pooler setting: the file decides the structure
    TaskHead single2 = topicHead(false, 9);
    TaskHead multi2 = tagsHead(true, 9);
    Heads.load(file, List.of(multi2, single2));
    assertThat(single2.state()).isEqualTo(single.state());
    assertThat(multi2.state()).isEqualTo(multi.state());
    assertThat(((DenseHead) single2).hasPooler()).isTrue();
    assertThat(((DenseHead) multi2).hasPooler()).isFalse();
    assertThat(multi2.thresholds()).containsExactly(0.3f, 0.5f, 0.7f, 0.95f);
    assertThat(single2.probabilities(x)).isDeepEqualTo(single.probabilities(x));
    assertThat(multi2.probabilities(x)).isDeepEqualTo(multi.probabilities(x));
  }

  /** A single-label head of task topic with 3 labels, with or without a pooler. */
  private static TaskHead topicHead(boolean pooler, long seed) {
    return Heads.create(
        "topic",
        TaskKind.SINGLE_LABEL,
        labels("topic", 3),
        IN,
        new HeadSettings(pooler, 0.1, 0.02, true),
        seed);
  }

  /** A multi-label head of task tags with 4 labels, with or without a pooler. */
  private static TaskHead tagsHead(boolean pooler, long seed) {
    return Heads.create(
        "tags",
        TaskKind.MULTI_LABEL,
        labels("tags", 4),
        IN,
        new HeadSettings(pooler, 0.1, 0.02, true),
        seed);
  }

  @Test
  void wrongLabelCountNamesFileTensorAndShapes() {
    TaskHead saved =
        Heads.create(
            "intents",
            TaskKind.SINGLE_LABEL,
            labels("intents", 150),
            384,
            new HeadSettings(false, 0.1, 0.02, true),
            1);
    Path file = dir.resolve(Heads.FILE_NAME);
    Heads.save(file, List.of(saved));
    TaskHead other =
        Heads.create(
            "intents",
            TaskKind.SINGLE_LABEL,
            labels("intents", 151),
            384,
            new HeadSettings(false, 0.1, 0.02, true),
            1);
    assertThatThrownBy(() -> Heads.load(file, List.of(other)))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(
            "heads.safetensors: tensor 'intents.classifier.weight' has shape [150, 384] but "
                + "task 'intents' has 151 labels in tasks.conf");
  }

  @Test
  void wrongHiddenSizeNamesTheBackbone() {
    Path file = dir.resolve(Heads.FILE_NAME);
    Heads.save(
        file,
        List.of(
            Heads.create("a", TaskKind.MULTI_LABEL, labels("a", 2), 4, HeadSettings.DEFAULTS, 1)));
    TaskHead wider =
        Heads.create("a", TaskKind.MULTI_LABEL, labels("a", 2), 6, HeadSettings.DEFAULTS, 1);
    assertThatThrownBy(() -> Heads.load(file, List.of(wider)))
        .hasMessageContaining("tensor 'a.pooler.weight' has shape [4, 4]")
        .hasMessageContaining("pooled output has 6 values");
  }

  @Test
  void missingTensorOrTaskIsNamedAndNothingChanges() {
    TaskHead a =
        Heads.create("a", TaskKind.MULTI_LABEL, labels("a", 2), IN, HeadSettings.DEFAULTS, 1);
    TaskHead b =
        Heads.create("b", TaskKind.SINGLE_LABEL, labels("b", 2), IN, HeadSettings.DEFAULTS, 2);
    Path file = dir.resolve(Heads.FILE_NAME);
    Heads.save(file, List.of(a, b));
    Map<String, FloatTensor> tensors = new LinkedHashMap<>(Safetensors.read(file));
    tensors.remove("b.classifier.bias");
    Safetensors.write(file, tensors);

    TaskHead a2 =
        Heads.create("a", TaskKind.MULTI_LABEL, labels("a", 2), IN, HeadSettings.DEFAULTS, 7);
    TaskHead b2 =
        Heads.create("b", TaskKind.SINGLE_LABEL, labels("b", 2), IN, HeadSettings.DEFAULTS, 7);
    var before = a2.state();
    assertThatThrownBy(() -> Heads.load(file, new ArrayList<>(List.of(a2, b2))))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("tensor 'b.classifier.bias' is missing (expected shape [2])");
    assertThat(a2.state()).isEqualTo(before);

    TaskHead c =
        Heads.create("c", TaskKind.SINGLE_LABEL, labels("c", 2), IN, HeadSettings.DEFAULTS, 7);
    assertThatThrownBy(() -> Heads.load(file, List.of(c)))
        .hasMessageContaining("no tensors for task 'c' (the file has tasks [a, b])");

    tensors.remove("a.thresholds");
    Safetensors.write(file, tensors);
    assertThatThrownBy(() -> Heads.load(file, List.of(a2)))
        .hasMessageContaining("tensor 'a.thresholds' is missing");
  }

  @Test
  void duplicateTaskNamesAreRefused() {
    TaskHead a =
        Heads.create("a", TaskKind.SINGLE_LABEL, labels("a", 2), IN, HeadSettings.DEFAULTS, 1);
    assertThatThrownBy(() -> Heads.save(dir.resolve("h.safetensors"), List.of(a, a)))
        .hasMessageContaining("two heads are named 'a'");
  }

  @Test
  void combineTakesEachTaskFromTheFileThatStoresItBitForBit() {
    TaskHead topic = topicHead(true, 1);
    TaskHead tags = tagsHead(false, 2);
    tags.setThresholds(new float[] {0.3f, 0.5f, 0.7f, 0.95f});
    Path old = dir.resolve("old.safetensors");
    Path added = dir.resolve("added.safetensors");
    Heads.save(old, List.of(topic));
    Heads.save(added, List.of(tags));
    Path both = dir.resolve(Heads.FILE_NAME);
    Map<String, TaskKind> kinds = new LinkedHashMap<>();
    kinds.put("topic", TaskKind.SINGLE_LABEL);
    kinds.put("tags", TaskKind.MULTI_LABEL);
    Heads.combine(List.of(old, added), both, kinds);

    Map<String, FloatTensor> written = Safetensors.read(both);
    Map<String, FloatTensor> expected = new LinkedHashMap<>(Safetensors.read(old));
    expected.putAll(Safetensors.read(added));
    assertThat(written.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach(
        (name, t) -> {
          assertThat(written.get(name).shape()).as(name).isEqualTo(t.shape());
          assertThat(written.get(name).data()).as(name).isEqualTo(t.data());
        });
    TaskHead tags2 = tagsHead(true, 9);
    Heads.load(both, List.of(tags2));
    assertThat(tags2.thresholds()).containsExactly(0.3f, 0.5f, 0.7f, 0.95f);

    assertThatThrownBy(() -> Heads.combine(List.of(old, old), both, kinds))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("task 'topic' has heads in both");
    kinds.put("mood", TaskKind.SINGLE_LABEL);
    assertThatThrownBy(() -> Heads.combine(List.of(old, added), both, kinds))
        .hasMessageContaining("no tensors for task 'mood' (stored: [tags, topic])");
  }

  static LabelSpace labels(String task, int n) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add("l" + i);
    }
    return new LabelSpace(task, names);
  }
}
