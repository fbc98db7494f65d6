package org.mtc.bench.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.engine.Engines;
import org.mtc.core.io.ProcStatus;
import org.mtc.library.Teachers;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.distill.DistillSettings;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.train.ResumeCheckpoint;
import org.mtc.tasks.train.TrainResult;
import org.mtc.tasks.train.TrainSettings;
import org.mtc.tasks.train.Trainer;

/**
 * Trains the experiment's models, one configuration at a time, in its own directory: from the
 * backbone, or, when the experiment resumes, not at all (a {@value Experiment#RECORD} says it
 * finished) or from its last checkpoint. Records each training ({@link TrainingRecord}); a training
 * that throws becomes a {@link Failure}. Single-threaded.
 */
final class Trainings {
  private final Engines engines;
  private final Path backboneDir;
  private final BenchProgress progress;
  private final boolean resume;

  Trainings(Engines engines, Path backboneDir, BenchProgress progress, boolean resume) {
    this.engines = engines;
    this.backboneDir = backboneDir;
    this.progress = progress;
    this.resume = resume;
  }

  /**
   * Trains one configuration into {@code out}; returns its best model, or empty when it failed.
   *
   * @param settings the configuration's merged settings (its seed and strategy applied)
   * @param teachers the teacher of each task that has one (empty: no distillation)
   */
  Optional<Path> train(
      String configuration,
      List<TaskData> data,
      Path out,
      Config settings,
      Map<String, Path> teachers,
      List<TrainingRecord> trainings,
      List<Failure> failures) {
    long start = System.nanoTime();
    long examples = data.stream().mapToLong(d -> d.train().size()).sum();
    List<String> tasks = data.stream().map(d -> d.spec().name()).toList();
    try {
      Optional<TrainingRecord> done =
          resume ? finished(configuration, tasks, examples, out) : Optional.empty();
      if (done.isPresent()) {
        progress.message(configuration + ": trained before the interruption; not trained again");
        trainings.add(done.get());
        return Optional.of(Path.of(done.get().modelDir()));
      }
      Optional<Path> checkpoint =
          resume && Files.isDirectory(out)
              ? ResumeCheckpoint.usable(out, progress::message)
              : Optional.empty();
      if (checkpoint.isEmpty()) {
        TrainingRecords.deleteTree(out); // an unfinished run without a checkpoint starts over
      }
      Config taught = withTeachers(settings, teachers);
      try (ProcStatus.Sampler rss = new ProcStatus.Sampler(200);
          MultitaskModel model =
              checkpoint.isPresent()
                  ? MultitaskModel.load(ResumeCheckpoint.model(checkpoint.get()), engines, taught)
                  : MultitaskModel.create(
                      engines.open(BackboneSpec.from(taught, backboneDir)), data, taught)) {
        Trainer trainer =
            new Trainer(TrainSettings.from(taught), progress)
                .withTeachers(Teachers.of(taught), DistillSettings.from(taught));
        TrainResult r =
            checkpoint.isPresent()
                ? trainer.resume(model, data, out, checkpoint.get())
                : trainer.train(model, data, out);
        TrainingRecord record =
            new TrainingRecord(
                configuration,
                tasks,
                examples,
                r.steps(),
                (System.nanoTime() - start) / 1e9,
                r.bestMeanDevScore(),
                rss.peak(),
                r.bestModel().toAbsolutePath().toString(),
                r.teacherSeconds());
        TrainingRecords.write(out.resolve(Experiment.RECORD), record);
        trainings.add(record);
        return Optional.of(r.bestModel());
      }
    } catch (RuntimeException e) {
      failures.add(new Failure(configuration, "train", Experiment.message(e)));
      return Optional.empty();
    }
  }

  /** The record of a training that finished before an interruption, if it did. */
  private static Optional<TrainingRecord> finished(
      String configuration, List<String> tasks, long examples, Path out) {
    Optional<TrainingRecord> done = TrainingRecords.read(out.resolve(Experiment.RECORD));
    if (done.isEmpty()) {
      done = TrainingRecords.finishedWithoutRecord(configuration, tasks, examples, out);
      done.ifPresent(r -> TrainingRecords.write(out.resolve(Experiment.RECORD), r));
    }
    return done;
  }

  /** {@code settings} with {@code teachers} as {@code mtc.train.distill.teachers}, when any. */
  private static Config withTeachers(Config settings, Map<String, Path> teachers) {
    if (teachers.isEmpty()) {
      return settings;
    }
    Map<String, String> paths = new LinkedHashMap<>();
    teachers.forEach((task, p) -> paths.put(task, p.toAbsolutePath().toString()));
    return settings.withValue(
        "mtc.train.distill.teachers",
        ConfigValueFactory.fromMap(paths, "the bench's single-task models"));
  }
}
