package org.mtc.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;

class TaskDataLoaderTest {
  private static final Set<String> ALL = Set.of("train", "dev", "test");

  @TempDir Path dataDir;

  private void files(String task, String train, String dev, String test) {
    if (train != null) {
      Specs.write(dataDir.resolve(task).resolve("train.tsv"), "text\tlabel\n" + train);
    }
    if (dev != null) {
      Specs.write(dataDir.resolve(task).resolve("dev.tsv"), "text\tlabel\n" + dev);
    }
    if (test != null) {
      Specs.write(dataDir.resolve(task).resolve("test.tsv"), "text\tlabel\n" + test);
    }
  }

  @Test
  void infersSortedLabelsFromTrainAndMapsEverySplit() {
    files("t", "a\tpos\nb\tneg\nc\tneu\n", "d\tneg\n", "e\tpos\nf\tneu\n");
    TaskData data = TaskDataLoader.load(Specs.single("t"), dataDir, Optional.empty(), ALL, 0, 1);
    assertThat(data.labels().labels()).containsExactly("neg", "neu", "pos");
    assertThat(data.train()).extracting(Example::label).containsExactly(2, 0, 1);
    assertThat(data.split("dev")).extracting(Example::text).containsExactly("d");
    assertThat(data.test()).extracting(Example::label).containsExactly(2, 1);
    assertThat(data.test().get(1).where()).isEqualTo(dataDir.resolve("t/test.tsv") + ":3");
    assertThat(data.train().get(0).target(3)).containsExactly(0f, 0f, 1f);
  }

  @Test
  void declaredLabelsKeepTheirOrderAndMayBeAbsentFromTrain() {
    files("t", "a\tpos\nb\tneg\n", null, "e\tneu\n");
    TaskData data =
        TaskDataLoader.load(
            Specs.single("t", "pos", "neu", "neg"), dataDir, Optional.empty(), ALL, 0, 1);
    assertThat(data.labels().labels()).containsExactly("pos", "neu", "neg");
    assertThat(data.train()).extracting(Example::label).containsExactly(0, 2);
    assertThat(data.dev()).isEmpty();
    assertThat(data.test()).extracting(Example::label).containsExactly(1);
  }

  @Test
  void unknownDevLabelNamesRowSuggestionAndFix() {
    files("t", "a\tpositive\nb\tnegative\n", "x\tpositve\n", "y\tpositive\n");
    assertThatThrownBy(
            () -> TaskDataLoader.load(Specs.single("t"), dataDir, Optional.empty(), ALL, 0, 1))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(
            dataDir.resolve("t/dev.tsv") + ":2: unknown label 'positve' for task 't'")
        .hasMessageContaining("did you mean 'positive'?")
        .hasMessageContaining("inferred from the training split")
        .hasMessageContaining("declare it in labels = [...]")
        .hasMessageContaining(Specs.WHERE);
    assertThatThrownBy(
            () ->
                TaskDataLoader.load(
                    Specs.single("t", "positive", "negative"),
                    dataDir,
                    Optional.empty(),
                    Set.of("dev"),
                    0,
                    1))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("dev.tsv:2: unknown label 'positve'");
  }

  @Test
  void givenLabelSpaceWinsOverDeclaredAndInferred() {
    files("t", "a\tpos\n", null, "y\tneg\n");
    LabelSpace model = new LabelSpace("t", List.of("neg", "pos"));
    TaskData data =
        TaskDataLoader.load(
            Specs.single("t", "pos"), dataDir, Optional.of(model), Set.of("test"), 0, 1);
    assertThat(data.labels()).isEqualTo(model);
    assertThat(data.train()).isEmpty();
    assertThat(data.test()).extracting(Example::label).containsExactly(0);
    LabelSpace other = new LabelSpace("t", List.of("pos"));
    assertThatThrownBy(
            () ->
                TaskDataLoader.load(
                    Specs.single("t"), dataDir, Optional.of(other), Set.of("test"), 0, 1))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("test.tsv:2: unknown label 'neg'")
        .hasMessageContaining("the model knows only these labels");
  }

  @Test
  void inferenceReadsTrainEvenWhenOnlyTestIsRequested() {
    files("t", "a\tpos\nb\tneg\n", null, "y\tneg\n");
    TaskData data =
        TaskDataLoader.load(Specs.single("t"), dataDir, Optional.empty(), Set.of("test"), 0, 1);
    assertThat(data.labels().labels()).containsExactly("neg", "pos");
    assertThat(data.train()).isEmpty();
    assertThat(data.test()).hasSize(1);
  }

  @Test
  void maxTrainSamplesWithTheSeedAfterInferringLabelsFromAllOfTrain() {
    StringBuilder train = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      train
          .append("text ")
          .append(i)
          .append('\t')
          .append(i == 137 ? "rare" : "common")
          .append('\n');
    }
    files("t", train.toString(), "d\trare\n", "e\tcommon\n");
    TaskData a = TaskDataLoader.load(Specs.single("t"), dataDir, Optional.empty(), ALL, 10, 7);
    TaskData b = TaskDataLoader.load(Specs.single("t"), dataDir, Optional.empty(), ALL, 10, 7);
    TaskData c = TaskDataLoader.load(Specs.single("t"), dataDir, Optional.empty(), ALL, 10, 8);
    assertThat(a.train()).hasSize(10).isEqualTo(b.train()).isNotEqualTo(c.train());
    assertThat(a.labels().labels()).containsExactly("common", "rare");
    assertThat(a.dev()).extracting(Example::label).containsExactly(1);
    List<Integer> lines =
        a.train().stream().map(e -> Integer.parseInt(e.where().replaceAll(".*:", ""))).toList();
    assertThat(lines).isSorted().doesNotHaveDuplicates();
    TaskData all = TaskDataLoader.load(Specs.single("t"), dataDir, Optional.empty(), ALL, 500, 7);
    assertThat(all.train()).hasSize(200);
  }

  @Test
  void multiLabelInferenceSplitsCells() {
    Specs.write(dataDir.resolve("m/train.tsv"), "text\tlabels\na\tz|x\nb\t\nc\ty\n");
    Specs.write(dataDir.resolve("m/test.jsonl"), "{\"text\": \"q\", \"labels\": [\"y\", \"x\"]}\n");
    TaskData data = TaskDataLoader.load(Specs.multi("m"), dataDir, Optional.empty(), ALL, 0, 1);
    assertThat(data.labels().labels()).containsExactly("x", "y", "z");
    assertThat(data.train())
        .extracting(Example::labels)
        .containsExactly(new int[] {0, 2}, new int[] {}, new int[] {1});
    assertThat(data.test().get(0).labels()).containsExactly(0, 1);
    assertThat(data.test().get(0).target(3)).containsExactly(1f, 1f, 0f);
  }

  @Test
  void splitWithoutExtensionTriesTsvCsvJsonl() {
    Specs.write(dataDir.resolve("t/train.csv"), "text,label\na,x\n");
    Specs.write(dataDir.resolve("t/train.jsonl"), "{\"text\": \"ignored\", \"label\": \"x\"}\n");
    Specs.write(dataDir.resolve("t/test.jsonl"), "{\"text\": \"b\", \"label\": \"x\"}\n");
    TaskData data = TaskDataLoader.load(Specs.single("t"), dataDir, Optional.empty(), ALL, 0, 1);
    assertThat(data.train()).extracting(Example::text).containsExactly("a");
    assertThat(data.test()).extracting(Example::text).containsExactly("b");
  }

  @Test
  void missingTrainOrTestIsAnErrorButMissingDevIsNot() {
    files("t", "a\tx\n", null, null);
    assertThat(
            TaskDataLoader.load(
                    Specs.single("t"), dataDir, Optional.empty(), Set.of("train", "dev"), 0, 1)
                .dev())
        .isEmpty();
    assertThatThrownBy(
            () -> TaskDataLoader.load(Specs.single("t"), dataDir, Optional.empty(), ALL, 0, 1))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(
            Specs.WHERE
                + ": task 't' has no test file: looked for "
                + dataDir.resolve("t/test.tsv"))
        .hasMessageContaining("--data-dir");
    assertThatThrownBy(
            () -> TaskDataLoader.load(Specs.single("gone"), dataDir, Optional.empty(), ALL, 0, 1))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(
            Specs.WHERE + ": task 't' has no data folder " + dataDir.resolve("gone"));
  }

  @Test
  void unknownSplitAndBadDeclaredLabelsAreErrors() {
    files("t", "a\tx\n", null, "b\tx\n");
    assertThatThrownBy(
            () ->
                TaskDataLoader.load(
                    Specs.single("t"), dataDir, Optional.empty(), Set.of("tset"), 0, 1))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("did you mean 'test'?");
    assertThatThrownBy(
            () ->
                TaskDataLoader.load(
                    Specs.single("t", "x", "x"), dataDir, Optional.empty(), ALL, 0, 1))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(Specs.WHERE + ": task 't' declares label 'x' twice");
  }

  @Test
  void readFileMapsIntoTheGivenLabels() {
    Path file = Specs.write(dataDir.resolve("eval.tsv"), "label\ttext\nb\thello\n");
    List<Example> rows =
        TaskDataLoader.readFile(Specs.single("t"), file, new LabelSpace("t", List.of("a", "b")));
    assertThat(rows).containsExactly(new Example("hello", new int[] {1}, file + ":2"));
  }
}
