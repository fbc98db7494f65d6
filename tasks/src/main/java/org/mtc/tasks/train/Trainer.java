package org.mtc.tasks.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mtc.core.Backbone;
import org.mtc.core.TaskHead;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.distill.DistillSettings;
import org.mtc.tasks.distill.GoldWeightSchedule;
import org.mtc.tasks.distill.StudentTask;
import org.mtc.tasks.distill.Teacher;
import org.mtc.tasks.distill.TeacherTargets;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.predict.Evaluator;

/**
 * Trains the shared encoder and all heads of a {@link MultitaskModel} the DeepPavlov way: every
 * batch holds one task (picked by {@link TaskSampler}); per step the backbone encodes the batch in
 * training mode, the task's head computes its loss and the gradient for the pooled {@code [batch,
 * hidden]}, the backbone back-propagates it, the head and then the encoder take an AdamW step
 * ({@link TrainingStep}). A frozen backbone ({@link Backbone#trainable()} false) only encodes; only
 * the heads train.
 *
 * <p>The mean dev score after each evaluation ({@link Evaluator#meanDevScore}: accuracy for
 * single-label tasks, the {@code mtc.train.multi-label-metric} for multi-label ones) selects the
 * checkpoint and drives a {@link PlateauSchedule}: the learning rates halve on a plateau and
 * training stops early. Before each dev evaluation the thresholds of multi-label heads are tuned on
 * the same dev examples for that metric, so the checkpoint carries tuned thresholds. Every
 * improvement replaces {@code <out>/model} atomically, so the output directory always holds the
 * best model so far; the model passed in ends in its last state, not necessarily the best.
 *
 * <p>Batches come from {@link TaskBatches} (length-grouped by default, so a batch pads to similar
 * lengths). The output directory also keeps {@code train.log} and {@code metrics.json}, written as
 * training goes, with the throughput (examples and real and padded tokens per second) and, when the
 * machine's matmul rate is given, the training roofline share ({@link Throughput}). At every
 * evaluation and every {@code checkpoint-every} steps a {@link ResumeCheckpoint} is written (when
 * the backbone can save its optimizer state), from which {@link #resume} continues an interrupted
 * run exactly; a finished run removes it. A time budget ({@code max-time}) ends the run with a last
 * evaluation and keeps the checkpoint. One seed repeats a run exactly on a deterministic backbone:
 * dropout is reseeded every step.
 *
 * <p>With teachers ({@link #withTeachers}) each task that has one trains towards a mix of its gold
 * labels and its teacher's distribution ({@link DistillationLoss}); with {@code
 * mtc.train.task-weighting = uncertainty} the tasks' pulls on the encoder are weighted ({@link
 * UncertaintyWeighting}).
 *
 * <p>The loop itself only takes steps and evaluates; each of the concerns above is one {@link
 * LoopListener} ({@link #parts}). Not thread-safe; one run at a time per model.
 */
public final class Trainer {
  private final TrainSettings settings;
  private final TrainingListener listener;
  private final double matmulGflops;
  private final long transformerParameters;
  private Map<String, Teacher> teachers = Map.of();
  private DistillSettings distill = DistillSettings.none();

  public Trainer(TrainSettings settings, TrainingListener listener) {
    this(settings, listener, 0, 0);
  }

  /**
   * @param matmulGflops this machine's fp32 matmul rate (GFLOP/s), for the training roofline; 0
   *     when not measured
   * @param transformerParameters the encoder's parameters outside the embeddings, for the roofline;
   *     0 if unknown
   */
  public Trainer(
      TrainSettings settings,
      TrainingListener listener,
      double matmulGflops,
      long transformerParameters) {
    this.settings = settings;
    this.listener = listener;
    this.matmulGflops = matmulGflops;
    this.transformerParameters = transformerParameters;
  }

  /**
   * Distils from {@code teachers} (by task; tasks without one train on gold labels): before the
   * first step their predictions on the training examples are read from the run's store or made and
   * stored ({@link TeacherTargets#prepare}), then each step trains towards the mix the {@code
   * distill} settings give ({@link DistillationLoss}). The trainer closes the teachers once their
   * predictions are made. Returns this trainer.
   */
  public Trainer withTeachers(Map<String, Teacher> teachers, DistillSettings distill) {
    this.teachers = new LinkedHashMap<>(teachers);
    this.distill = distill;
    return this;
  }

  /**
   * Trains {@code model} on {@code data} (one entry per task of the model, label spaces equal to
   * the heads') and writes the run into {@code outputDir}.
   */
  public TrainResult train(MultitaskModel model, List<TaskData> data, Path outputDir) {
    return run(model, data, outputDir, null);
  }

  /**
   * Continues the run in {@code outputDir} from {@code checkpoint} ({@link
   * ResumeCheckpoint#usable}): {@code model} must have been opened from the checkpoint's weights
   * ({@link ResumeCheckpoint#model}) with the run's settings; its optimizer state, the sampler, the
   * batches, the schedule and the best result so far are restored, so the run ends as an
   * uninterrupted one would.
   */
  public TrainResult resume(
      MultitaskModel model, List<TaskData> data, Path outputDir, Path checkpoint) {
    return run(model, data, outputDir, checkpoint);
  }

  private TrainResult run(
      MultitaskModel model, List<TaskData> data, Path outputDir, Path checkpoint) {
    LoopContext c =
        LoopContext.open(
            settings,
            model,
            data,
            outputDir,
            checkpoint,
            listener,
            new Throughput(0, 0, 0, 0, matmulGflops, transformerParameters));
    LoopListener parts = parts(c);
    DevEvaluation evaluation = new DevEvaluation(settings.batchSize());
    parts.begin(c);
    StepLoss loss = teachers.isEmpty() ? new GoldLabelLoss() : distillation(c);
    TrainingStep training = new TrainingStep(UncertaintyWeighting.around(loss, c.uncertainties()));
    StepProfile profile = c.profile();
    while (c.running()) {
      StepResult step = training.run(c);
      long t = System.nanoTime();
      parts.afterStep(c, step);
      profile.since(StepProfile.Phase.CHECKPOINTS, t);
      if (evaluation.due(c)) {
        t = System.nanoTime();
        DevRound round = evaluation.run(c);
        profile.since(StepProfile.Phase.EVALUATION, t);
        t = System.nanoTime();
        parts.afterEvaluation(c, step, round);
        profile.since(StepProfile.Phase.CHECKPOINTS, t);
      }
      parts.endOfStep(c);
    }
    parts.end(c);
    return c.result();
  }

  /** The loss of a distilled run, its teachers' predictions made or read; closes the teachers. */
  private StepLoss distillation(LoopContext c) {
    List<StudentTask> tasks = new ArrayList<>();
    for (int i = 0; i < c.plan().names().size(); i++) {
      TaskHead head = c.model().head(c.plan().names().get(i));
      tasks.add(
          new StudentTask(
              head.task(),
              head.kind(),
              head.labels().labels(),
              c.plan().batches().get(i).examples()));
    }
    long start = System.nanoTime();
    TeacherTargets targets;
    try {
      targets =
          TeacherTargets.prepare(tasks, teachers, distill.temperature(), c.outputDir(), c::say);
    } finally {
      teachers.values().forEach(Teacher::close);
    }
    c.teacherSeconds((System.nanoTime() - start) / 1e9);
    c.profile().since(StepProfile.Phase.TEACHERS, start);
    c.say(
        String.format(
            Locale.ROOT,
            "distillation: %s from teachers, %s, temperature %s",
            String.join(", ", targets.tasks()),
            distill.schedule() == GoldWeightSchedule.ANNEAL
                ? "gold weight annealed from 0 to 1 over " + c.plan().totalSteps() + " steps"
                : "gold weight " + distill.goldWeight(),
            distill.temperature()));
    return new DistillationLoss(targets, distill, c.plan().totalSteps());
  }

  /**
   * The parts of the loop. Their hooks run in this order ({@link LoopListener#end} in reverse),
   * which is the order of the lines in {@code train.log}: the header first and the summary last,
   * the throughput counted before anyone reads it, a round recorded before the listener hears of it
   * and before halving or stopping is said, the time budget checked before the step's loss line and
   * evaluation.
   */
  private LoopListener parts(LoopContext c) {
    return new LoopListeners(
        List.of(
            new RunReport(),
            new ResumeCheckpoints(),
            new ThroughputMeter(),
            new BestCheckpoint(),
            new TaskWeightLog(),
            new ProgressEvents(),
            new PlateauDecisions(),
            new TimeBudget(settings.maxTime(), System::nanoTime),
            new LossLog(c.plan().names(), settings.logEvery())));
  }
}
