package org.mtc.tasks.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mtc.core.MtcException;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.eval.TaskMetrics;
import org.mtc.tasks.model.MultitaskModel;

/**
 * One training run as its loop and listeners see it: what is fixed for the run (settings, model,
 * plan, sampler, run files, the progress listener) and where it stands (step, evaluations, the best
 * checkpoint, the plateau schedule, throughput, why it stopped). {@link #snapshot} and {@link
 * #restore} turn the latter into the {@link LoopState} of a resumable checkpoint and back. Not
 * thread-safe.
 */
final class LoopContext {
  private final TrainSettings settings;
  private final MultitaskModel model;
  private final TrainingPlan plan;
  private final TaskSampler sampler;
  private final PlateauSchedule schedule;
  private final Optional<TaskUncertainties> uncertainties;
  private final RunFiles files;
  private final TrainingListener progress;
  private final Path checkpoint;
  private final LoopState resumed;
  private Throughput throughput;
  private long step;
  private int round;
  private int bestRound;
  private long bestStep;
  private Map<String, TaskMetrics> bestDev = Map.of();
  private boolean stoppedEarly;
  private boolean cutByTime;
  private long peakRss = -1;
  private double teacherSeconds;
  private final StepProfile profile = new StepProfile();

  private LoopContext(
      TrainSettings settings,
      MultitaskModel model,
      TrainingPlan plan,
      RunFiles files,
      TrainingListener progress,
      Path checkpoint,
      LoopState resumed,
      Throughput throughput) {
    this.settings = settings;
    this.model = model;
    this.plan = plan;
    this.sampler =
        new TaskSampler(
            settings.sampling(),
            settings.temperature(),
            plan.epochs(),
            plan.sizes(),
            settings.seed());
    this.schedule = PlateauSchedule.of(settings);
    this.uncertainties = TaskUncertainties.of(settings.taskWeighting(), plan.names());
    this.files = files;
    this.progress = progress;
    this.checkpoint = checkpoint;
    this.resumed = resumed;
    this.throughput = throughput;
  }

  /**
   * Plans a run of {@code model} on {@code data} into {@code outputDir}: starts its {@code
   * train.log}, or, with a {@code checkpoint} to resume from, reads the checkpoint's loop state and
   * continues the log.
   *
   * @param throughput the run's throughput before its first step (zeros, with the machine's matmul
   *     rate)
   */
  static LoopContext open(
      TrainSettings settings,
      MultitaskModel model,
      List<TaskData> data,
      Path outputDir,
      Path checkpoint,
      TrainingListener progress,
      Throughput throughput) {
    TrainingPlan plan = TrainingPlan.of(model, data, settings);
    LoopState resumed = checkpoint == null ? null : ResumeCheckpoint.state(checkpoint);
    RunFiles files =
        resumed == null ? new RunFiles(outputDir) : new RunFiles(outputDir, resumed.rounds());
    return new LoopContext(settings, model, plan, files, progress, checkpoint, resumed, throughput);
  }

  TrainSettings settings() {
    return settings;
  }

  MultitaskModel model() {
    return model;
  }

  TrainingPlan plan() {
    return plan;
  }

  TaskSampler sampler() {
    return sampler;
  }

  /**
   * The plateau schedule: its scale sets the learning rates, its best is the best mean dev score so
   * far.
   */
  PlateauSchedule schedule() {
    return schedule;
  }

  /** The learned task weights of {@code task-weighting = uncertainty}; empty without weighting. */
  Optional<TaskUncertainties> uncertainties() {
    return uncertainties;
  }

  RunFiles files() {
    return files;
  }

  /** The listener of the caller (a progress bar, a benchmark's log). */
  TrainingListener progress() {
    return progress;
  }

  Path outputDir() {
    return files.dir();
  }

  /** Where the best model is kept ({@code <out>/model}). */
  Path bestDir() {
    return outputDir().resolve(MultitaskModel.BEST_DIR);
  }

  /** The checkpoint this run resumes from, or null for a new run. */
  Path checkpoint() {
    return checkpoint;
  }

  /** Writes {@code message} to {@code train.log} and passes it to the progress listener. */
  void say(String message) {
    files.line(message);
    progress.message(message);
  }

  /** Whether another step is to be taken. */
  boolean running() {
    return step < plan.totalSteps() && !stoppedEarly && !cutByTime;
  }

  /** Steps done (during a step: its number). */
  long step() {
    return step;
  }

  /** Starts the next step; returns its 1-based number. */
  long nextStep() {
    return ++step;
  }

  /** The 1-based epoch of the current step. */
  int epoch() {
    return (int) ((step - 1) / plan.stepsPerEpoch()) + 1;
  }

  /** Whether the current step is the run's last planned one. */
  boolean lastStep() {
    return step == plan.totalSteps();
  }

  /** Evaluations done. */
  int round() {
    return round;
  }

  /** Starts the next evaluation; returns its 1-based number. */
  int nextRound() {
    return ++round;
  }

  int bestRound() {
    return bestRound;
  }

  long bestStep() {
    return bestStep;
  }

  Map<String, TaskMetrics> bestDev() {
    return bestDev;
  }

  /**
   * Records the checkpoint just kept as the best: evaluation {@code round} (0: none) after {@code
   * atStep}.
   */
  void best(int bestRound, long atStep, Map<String, TaskMetrics> dev) {
    this.bestRound = bestRound;
    this.bestStep = atStep;
    this.bestDev = dev;
  }

  Throughput throughput() {
    return throughput;
  }

  void throughput(Throughput t) {
    throughput = t;
  }

  boolean stoppedEarly() {
    return stoppedEarly;
  }

  /** Early stopping ends the run after this step. */
  void stopEarly() {
    stoppedEarly = true;
  }

  boolean cutByTime() {
    return cutByTime;
  }

  /** The time budget ends the run after this step. */
  void cutByTime(boolean cut) {
    cutByTime = cut;
  }

  void peakRss(long bytes) {
    peakRss = bytes;
  }

  /** Records the time the teachers' predictions took before the first step. */
  /** Where the run's time goes, phase by phase. */
  StepProfile profile() {
    return profile;
  }

  void teacherSeconds(double seconds) {
    teacherSeconds = seconds;
  }

  /** Where the run stands, for a resumable checkpoint. */
  LoopState snapshot() {
    return new LoopState(
        step,
        round,
        bestRound,
        bestStep,
        bestDev,
        schedule.state(),
        plan.passes(),
        plan.positions(),
        throughput,
        files.rounds(),
        uncertainties.map(TaskUncertainties::logVariances).orElse(null));
  }

  /**
   * Continues from the checkpoint's loop state, as the run that wrote it would: the sampler, each
   * task's batches, the schedule, the counters, the best checkpoint and the throughput so far.
   * Nothing to do for a new run.
   *
   * @throws MtcException when the state is for another run (other tasks, fewer steps)
   */
  void restore() {
    if (resumed == null) {
      return;
    }
    if (resumed.passes().size() != plan.names().size() || resumed.step() > plan.totalSteps()) {
      throw new MtcException(
          "checkpoint "
              + checkpoint
              + " is for "
              + resumed.passes().size()
              + " tasks and step "
              + resumed.step()
              + ", this run has "
              + plan.names().size()
              + " tasks and "
              + plan.totalSteps()
              + " steps; resume with the run's own settings (its settings.conf)");
    }
    TaskUncertainties.resume(
        uncertainties, resumed.taskLogVariances(), checkpoint, settings.taskWeighting());
    ResumeCheckpoint.loadOptimizer(checkpoint, model);
    sampler.skip(resumed.step(), plan.stepsPerEpoch());
    for (int i = 0; i < plan.names().size(); i++) {
      plan.batches().get(i).seek(resumed.passes().get(i), resumed.positions().get(i));
    }
    schedule.restore(resumed.schedule());
    step = resumed.step();
    round = resumed.round();
    best(resumed.bestRound(), resumed.bestStep(), resumed.bestDev());
    Throughput t = resumed.throughput();
    throughput =
        new Throughput(
            t.examples(),
            t.realTokens(),
            t.paddedTokens(),
            t.seconds(),
            throughput.matmulGflops(),
            throughput.transformerParameters());
  }

  /** What the run produced, once it ended. */
  TrainResult result() {
    boolean hasDev = plan.hasDev();
    return new TrainResult(
        outputDir(),
        bestDir(),
        bestRound,
        bestStep,
        hasDev ? schedule.best() : Double.NaN,
        bestDev,
        step,
        round,
        stoppedEarly,
        cutByTime,
        throughput,
        peakRss,
        teacherSeconds,
        profile);
  }
}
