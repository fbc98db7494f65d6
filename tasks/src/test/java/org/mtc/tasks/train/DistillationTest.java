package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.distill.ClassifierTeacher;
import org.mtc.tasks.distill.DistillSettings;
import org.mtc.tasks.distill.GoldWeightSchedule;
import org.mtc.tasks.distill.Teacher;
import org.mtc.tasks.distill.TeacherTargets;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.model.ToyBackbone;
import org.mtc.tasks.model.ToyTasks;
import org.mtc.tasks.predict.TrainedClassifier;

/**
 * Distillation on tiny toy models: a teacher trained on the gold labels teaches a student of the
 * same shape.
 */
class DistillationTest {
  private static final String FAST =
      "mtc.heads.dropout = 0.0\nmtc.train { epochs = 4, batch-size = 16, "
          + "learning-rate = 0.5, head-learning-rate = 0.03, log-every = 1000 }\n";

  @TempDir Path tmp;

  private final AtomicInteger opened = new AtomicInteger();

  private Config settings(Path data) {
    return ToyTasks.settings(data, true, FAST);
  }

  private Path train(
      Config settings,
      List<TaskData> data,
      Path out,
      Map<String, Teacher> teachers,
      DistillSettings distill) {
    try (MultitaskModel model =
        MultitaskModel.create(new ToyBackbone(16, 1024, 5, true), data, settings)) {
      new Trainer(TrainSettings.from(settings), TrainingListener.NONE)
          .withTeachers(teachers, distill)
          .train(model, data, out);
    }
    return out;
  }

  /** A teacher trained on the gold labels for one epoch (soft, not yet certain, outputs). */
  private Path teacherModel(Path dataDir, List<TaskData> data, String name) {
    Config settings =
        ToyTasks.settings(dataDir, true, FAST + "mtc.train.epochs = 1\nmtc.seed = 3\n");
    return train(settings, data, tmp.resolve(name), Map.of(), DistillSettings.none());
  }

  private Map<String, Teacher> teachers(Path model, Config settings, List<String> tasks) {
    ClassifierTeacher teacher =
        new ClassifierTeacher(
            model,
            "engine=toy",
            p -> {
              opened.incrementAndGet();
              return new TrainedClassifier(
                  MultitaskModel.load(p, ToyBackbone.engines(), settings), 32);
            });
    Map<String, Teacher> out = new LinkedHashMap<>();
    tasks.forEach(t -> out.put(t, teacher));
    return out;
  }

  private static DistillSettings constant(Map<String, Teacher> teachers, double gold) {
    Map<String, Path> paths = new LinkedHashMap<>();
    teachers.forEach((t, teacher) -> paths.put(t, Path.of(teacher.location())));
    return new DistillSettings(paths, GoldWeightSchedule.CONSTANT, gold, 1.0, "toy");
  }

  @Test
  void goldWeightOneTrainsBitwiseAsWithoutTeachers() throws Exception {
    Path dataDir = ToyTasks.write(tmp.resolve("data"), 120, 30, 0, 11);
    Config settings = settings(dataDir);
    List<TaskData> data = ToyTasks.load(settings);
    Path teacher = teacherModel(dataDir, data, "teacher");
    Path plain = train(settings, data, tmp.resolve("plain"), Map.of(), DistillSettings.none());
    Map<String, Teacher> teachers = teachers(teacher, settings, List.of("sentiment", "tags"));
    Path distilled = train(settings, data, tmp.resolve("gold"), teachers, constant(teachers, 1.0));
    for (String file : List.of("model/heads.safetensors", "model/backbone/model.safetensors")) {
      assertThat(Files.readAllBytes(distilled.resolve(file)))
          .as(file)
          .isEqualTo(Files.readAllBytes(plain.resolve(file)));
    }
    assertThat(distilled.resolve("teachers/sentiment.bin")).isRegularFile();
    assertThat(distilled.resolve("train.log")).content().contains("distillation: sentiment, tags");
  }

  @Test
  void goldWeightZeroReproducesTheTeachersDistribution() throws Exception {
    Path dataDir = ToyTasks.write(tmp.resolve("data"), 120, 30, 0, 11);
    Config settings = settings(dataDir);
    List<TaskData> data = ToyTasks.load(settings);
    Path teacher = teacherModel(dataDir, data, "teacher");
    List<String> tasks = List.of("sentiment", "topic", "tags");
    Map<String, Teacher> t = teachers(teacher, settings, tasks);
    Path student = train(settings, data, tmp.resolve("student"), t, constant(t, 0.0));
    Path gold = train(settings, data, tmp.resolve("gold"), Map.of(), DistillSettings.none());
    double toStudent = meanGap(teacher, student, settings, data);
    double toGold = meanGap(teacher, gold, settings, data);
    assertThat(toStudent).isLessThan(0.05).isLessThan(toGold / 2);
  }

  /** Mean absolute difference of two models' probabilities on the training inputs. */
  private static double meanGap(Path a, Path b, Config settings, List<TaskData> data) {
    try (MultitaskModel x = MultitaskModel.load(a, ToyBackbone.engines(), settings);
        MultitaskModel y = MultitaskModel.load(b, ToyBackbone.engines(), settings)) {
      double sum = 0;
      long n = 0;
      for (TaskData d : data) {
        List<Input> inputs = d.train().stream().map(Example::input).toList();
        float[][] px = x.probabilities(inputs).get(d.spec().name());
        float[][] py = y.probabilities(inputs).get(d.spec().name());
        for (int i = 0; i < px.length; i++) {
          for (int j = 0; j < px[i].length; j++) {
            sum += Math.abs(px[i][j] - py[i][j]);
            n++;
          }
        }
      }
      return sum / n;
    }
  }

  @Test
  void storedPredictionsAreReusedAndRebuiltWhenTheDataOrTheTeacherChanges() throws Exception {
    Path dataDir = ToyTasks.write(tmp.resolve("data"), 60, 20, 0, 11);
    Config settings = settings(dataDir);
    List<TaskData> data = ToyTasks.load(settings);
    Path teacher = teacherModel(dataDir, data, "teacher");
    List<String> tasks = List.of("sentiment", "tags");
    Map<String, Teacher> t = teachers(teacher, settings, tasks);
    Path first = train(settings, data, tmp.resolve("first"), t, constant(t, 0.5));
    assertThat(opened).hasValue(1);
    assertThat(first.resolve("train.log")).content().contains("predicting on", "none stored yet");

    // the same data and teacher: the store is read, the teacher never opened
    Path again = tmp.resolve("again");
    copyStore(first, again);
    t = teachers(teacher, settings, tasks);
    train(settings, data, again, t, constant(t, 0.5));
    assertThat(opened).hasValue(1);
    assertThat(again.resolve("train.log"))
        .content()
        .contains("teacher predictions for sentiment: 60 training inputs, stored in")
        .doesNotContain("predicting on");
    byte[] sameModel = Files.readAllBytes(again.resolve("model/heads.safetensors"));
    assertThat(sameModel).isEqualTo(Files.readAllBytes(first.resolve("model/heads.safetensors")));

    // one training text changed: rebuilt, and said why
    Path changed = tmp.resolve("changed");
    copyStore(first, changed);
    Path train = dataDir.resolve("sentiment/train.tsv");
    List<String> lines = new ArrayList<>(Files.readAllLines(train));
    lines.set(1, "a text the teacher has never seen\t" + lines.get(1).split("\t")[1]);
    Files.write(train, lines);
    List<TaskData> edited = ToyTasks.load(settings);
    t = teachers(teacher, settings, tasks);
    train(settings, edited, changed, t, constant(t, 0.5));
    assertThat(opened).hasValue(2);
    assertThat(changed.resolve("train.log"))
        .content()
        .contains("1 of 60 training inputs are not stored (the data changed)")
        .contains("teacher predictions for tags: 60 training inputs, stored in");

    // another teacher: rebuilt
    Path other = teacherModel(dataDir, edited, "other-teacher");
    Path swapped = tmp.resolve("swapped");
    copyStore(changed, swapped);
    t = teachers(other, settings, tasks);
    train(settings, edited, swapped, t, constant(t, 0.5));
    assertThat(swapped.resolve("train.log")).content().contains("the teacher changed");
  }

  @Test
  void aTeacherWithOtherLabelsOrWithoutTheTaskIsRefusedBeforeTraining() throws Exception {
    Path dataDir = ToyTasks.write(tmp.resolve("data"), 40, 10, 0, 11);
    Config settings = settings(dataDir);
    List<TaskData> data = ToyTasks.load(settings);
    Path teacher = teacherModel(dataDir, data, "teacher");
    Map<String, Teacher> t = teachers(teacher, settings, List.of("sentiment"));
    Map<String, List<String>> labels = new LinkedHashMap<>();
    labels.put("sentiment", List.of("pos", "neg"));
    assertThatThrownBy(() -> TeacherTargets.check(labels, t))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("the teacher of task 'sentiment'")
        .hasMessageContaining("gives the labels [neg, pos] but the task's labels are [pos, neg]");
    Map<String, Teacher> unknown = Map.of("emotion", t.get("sentiment"));
    assertThatThrownBy(() -> TeacherTargets.check(Map.of("emotion", List.of("a")), unknown))
        .hasMessageContaining("does not answer that task; it answers sentiment, topic, tags");
    assertThatThrownBy(() -> TeacherTargets.check(Map.of("topic", List.of("a")), t))
        .hasMessageContaining("a teacher is given for task 'sentiment'")
        .hasMessageContaining("the run trains no such task; its tasks: topic");
    assertThat(opened).hasValue(0);
  }

  private static void copyStore(Path from, Path to) throws Exception {
    Files.createDirectories(to.resolve("teachers"));
    try (var files = Files.list(from.resolve("teachers"))) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve("teachers").resolve(f.getFileName()));
      }
    }
  }
}
