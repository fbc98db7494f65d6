package org.mtc.tasks.compose;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mtc.core.MtcException;
import org.mtc.core.model.EncoderConfig;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.core.task.TaskSet;
import org.mtc.core.task.TaskSpec;
import org.mtc.tasks.model.FileDigest;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.model.TasksConf;

/**
 * Merges trained models into one that answers the union of their tasks on one encoder ({@code mtc
 * tasks merge}): a student starts from one source's encoder (the first by default, or the one
 * {@code --backbone} names, or any backbone directory) with that source's heads, bit for bit, and
 * new heads for the other sources' tasks, and trains on the union of the tasks' training data with
 * each source teaching its own tasks ({@code mtc.train.distill}). A task that two sources answer
 * with the same kind and labels is taught by the first; with other labels the merge is refused. The
 * caller runs the training on {@link #trainingSettings}, {@link #tasks} and their data, after
 * {@link #startHeads}; {@link #write} writes the best model with its provenance. Immutable.
 */
public final class TaskMerge {
  /** The operation's name in {@link Provenance}. */
  public static final String OPERATION = "merge";

  /** The settings {@link #trainingSettings} takes from the sources, whatever the user gives. */
  public static final List<String> FIXED_SETTINGS = StudentSettings.FIXED;

  /** One source model: as given, its model directory and its tasks. */
  private record Source(Path given, Path modelDir, TasksConf conf) {}

  private final List<Source> sources;
  private final Source start; // the source whose encoder and heads the student starts from
  private final Path backboneDir;
  private final List<TaskSpec> tasks;
  private final Map<String, Source> teacherOf;
  private final Path out;
  private final boolean overwrite;
  private final Provenance provenance;

  private TaskMerge(
      List<Source> sources,
      Source start,
      Path backboneDir,
      Map<String, Source> teacherOf,
      Path out,
      boolean overwrite,
      Provenance provenance) {
    this.sources = sources;
    this.start = start;
    this.backboneDir = backboneDir;
    this.teacherOf = teacherOf;
    this.tasks =
        teacherOf.entrySet().stream().map(e -> e.getValue().conf.tasks().task(e.getKey())).toList();
    this.out = out;
    this.overwrite = overwrite;
    this.provenance = provenance;
  }

  /**
   * Reads and checks everything a merge needs, writing nothing; digests the sources.
   *
   * @param models two or more trained model directories (or run directories holding {@code model/})
   * @param backbone the student's encoder: one of {@code models} (its heads start the student), or
   *     a backbone directory (every head starts fresh); empty: the first model's
   * @throws MtcException for fewer than two models, the same model twice, a task two models answer
   *     with other labels, models with different encoders and no {@code backbone}, or an {@code
   *     out} that may not be written
   */
  public static TaskMerge check(
      List<Path> models, Optional<Path> backbone, Path out, boolean overwrite) {
    if (models.size() < 2) {
      throw new MtcException(
          "--models names " + models.size() + " model; a merge needs two or more (--models A,B)");
    }
    List<Source> sources = new ArrayList<>();
    for (Path m : models) {
      Path dir = SourceModel.directory(m, OPERATION);
      for (Source s : sources) {
        if (ComposedOutput.realPath(s.modelDir).equals(ComposedOutput.realPath(dir))) {
          throw new MtcException(
              "--models names the model " + dir + " twice; give each model once");
        }
      }
      sources.add(new Source(m, dir, TasksConf.read(dir.resolve(TasksConf.FILE))));
    }
    Map<String, Source> teacherOf = teachers(sources);
    List<TaskSpec> union = new ArrayList<>();
    teacherOf.forEach((name, s) -> union.add(s.conf.tasks().task(name)));
    new TaskSet(union); // refuses two tasks answering DREAM under one name
    Source start = sources.get(0);
    Path backboneDir = start.modelDir.resolve(MultitaskModel.BACKBONE_DIR);
    if (backbone.isPresent()) {
      start = sourceNamed(sources, backbone.get());
      backboneDir =
          start == null ? backbone.get() : start.modelDir.resolve(MultitaskModel.BACKBONE_DIR);
    } else {
      refuseDifferentEncoders(sources);
    }
    for (Source s : sources) {
      ComposedOutput.check(out, overwrite, s.given, s.modelDir);
    }
    Provenance record = Provenance.of(OPERATION, sources.get(0).given, sources.get(0).modelDir);
    for (Source s : sources.subList(1, sources.size())) {
      record = record.withSource(s.given, s.modelDir);
    }
    return new TaskMerge(sources, start, backboneDir, teacherOf, out, overwrite, record);
  }

  /**
   * The source that teaches each task of the union, by task in output order: the first source that
   * answers it.
   *
   * @throws MtcException for a task two sources answer with other labels or another kind
   */
  private static Map<String, Source> teachers(List<Source> sources) {
    Map<String, Source> teacherOf = new LinkedHashMap<>();
    for (Source s : sources) {
      for (TaskSpec t : s.conf.tasks().tasks()) {
        Source first = teacherOf.get(t.name());
        if (first == null) {
          teacherOf.put(t.name(), s);
        } else if (!first.conf.tasks().task(t.name()).labels().equals(t.labels())
            || first.conf.tasks().task(t.name()).kind() != t.kind()) {
          throw new MtcException(
              "task '"
                  + t.name()
                  + "' is answered by both "
                  + first.given
                  + " ("
                  + first.conf.tasks().task(t.name()).kind().configName()
                  + ", labels "
                  + first.conf.tasks().task(t.name()).labels()
                  + ") and "
                  + s.given
                  + " ("
                  + t.kind().configName()
                  + ", labels "
                  + t.labels()
                  + "); a merged model has one head per task: drop it from one of them first (mtc "
                  + "tasks drop --model "
                  + s.given
                  + " --drop "
                  + t.name()
                  + " --out NEW), or rename it");
        }
      }
    }
    return teacherOf;
  }

  private static Source sourceNamed(List<Source> sources, Path backbone) {
    for (Source s : sources) {
      Path real = ComposedOutput.realPath(backbone);
      if (real.equals(ComposedOutput.realPath(s.given))
          || real.equals(ComposedOutput.realPath(s.modelDir))) {
        return s;
      }
    }
    return null;
  }

  /** Refuses sources whose encoders differ in shape or tokenizer when no backbone is chosen. */
  private static void refuseDifferentEncoders(List<Source> sources) {
    Source first = sources.get(0);
    HfBackboneDirectory a = HfBackboneDirectory.open(first.modelDir.resolve("backbone"));
    for (Source s : sources.subList(1, sources.size())) {
      HfBackboneDirectory b = HfBackboneDirectory.open(s.modelDir.resolve("backbone"));
      String difference = difference(a, b);
      if (difference != null) {
        throw new MtcException(
            first.given
                + " and "
                + s.given
                + " have different encoders ("
                + difference
                + "). The merged model has one: give --backbone "
                + first.given
                + " (the student starts from its encoder and heads; the other model's tasks get new"
                + " heads) or --backbone "
                + s.given
                + ", or a backbone directory (every head starts new); each model still teaches its"
                + " own tasks");
      }
    }
  }

  private static String difference(HfBackboneDirectory a, HfBackboneDirectory b) {
    EncoderConfig x = a.encoderConfig();
    EncoderConfig y = b.encoderConfig();
    if (x.hiddenSize() != y.hiddenSize()) {
      return "hidden size " + x.hiddenSize() + " vs " + y.hiddenSize();
    }
    if (!x.modelType().equals(y.modelType()) || x.numHiddenLayers() != y.numHiddenLayers()) {
      return x.modelType()
          + " with "
          + x.numHiddenLayers()
          + " layers vs "
          + y.modelType()
          + " with "
          + y.numHiddenLayers();
    }
    if (Files.isRegularFile(a.tokenizer())
        && Files.isRegularFile(b.tokenizer())
        && !FileDigest.of(a.tokenizer()).equals(FileDigest.of(b.tokenizer()))) {
      return "different tokenizers: " + a.tokenizer() + " vs " + b.tokenizer();
    }
    return null;
  }

  /** The merged model's tasks, in output order: the first source's, then the others' new ones. */
  public List<TaskSpec> tasks() {
    return tasks;
  }

  /** The student's starting encoder directory. */
  public Path backboneDirectory() {
    return backboneDir;
  }

  /**
   * {@code settings} with what the merge decides ({@link #FIXED_SETTINGS}): the student's encoder,
   * the pooling, max length and {@code mtc.heads} of the source it starts from (the first source's
   * for a plain backbone directory), and each source as the teacher of its tasks.
   */
  public Config trainingSettings(Config settings) {
    Map<String, Path> teachers = new LinkedHashMap<>();
    teacherOf.forEach((task, s) -> teachers.put(task, s.modelDir));
    TasksConf conf = (start == null ? sources.get(0) : start).conf;
    return StudentSettings.over(settings, backboneDir, conf, teachers);
  }

  /** Starts the heads of the source whose encoder the student starts from, bit for bit. */
  public void startHeads(MultitaskModel student) {
    if (start != null) {
      student.startHeadsFrom(start.modelDir.resolve(MultitaskModel.HEADS_FILE), start.conf.names());
    }
  }

  /** The source model directory the student's encoder and heads start from; empty for none. */
  public Optional<Path> startModel() {
    return Optional.ofNullable(start).map(Source::modelDir);
  }

  /**
   * Writes the student's best model as the new model directory, with the provenance of the merge.
   *
   * @return the merged model's tasks, in output order
   */
  public List<String> write(Path trained, AddRecord.Training training) {
    Map<String, Object> taught = new LinkedHashMap<>();
    teacherOf.forEach((task, s) -> taught.put(task, s.modelDir.toAbsolutePath().toString()));
    String layers = training.settings().getString("mtc.backbone.trainable-layers");
    Provenance record =
        provenance
            .with("tasks", tasks.stream().map(TaskSpec::name).toList())
            .with(
                "student_backbone",
                start == null ? backboneDir.toAbsolutePath().toString() : start.modelDir.toString())
            .with("teachers", new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(taught))
            .with("inputs", AddRecord.inputs(training, tasks))
            .with("training", AddRecord.training(training, "trainable-layers=" + layers));
    return StudentOutput.write(trained, out, overwrite, record);
  }
}
