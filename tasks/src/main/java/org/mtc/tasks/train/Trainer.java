package org.mtc.tasks.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mtc.core.Backbone;
import org.mtc.core.MtcException;
import org.mtc.core.StepOutcome;
import org.mtc.core.TaskHead;
import org.mtc.core.TaskKind;
import org.mtc.core.TrainingPass;
import org.mtc.heads.MultiLabelHead;
import org.mtc.heads.MultiLabelMetric;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.eval.TaskMetrics;
import org.mtc.tasks.model.Checkpoints;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.predict.Evaluator;

/**
 * Trains the shared encoder and all heads of a {@link MultitaskModel} the DeepPavlov way: every batch holds one
 * task (picked by {@link TaskSampler}); per step the backbone encodes the batch in training mode, the task's head
 * computes its loss and the gradient for the pooled {@code [batch, hidden]}, the backbone back-propagates it, the
 * head and then the encoder take an AdamW step. A frozen backbone ({@link Backbone#trainable()} false) only
 * encodes; only the heads train.
 *
 * <p>The mean dev score after each evaluation ({@link Evaluator#meanScore}: accuracy for single-label tasks, the
 * {@code mtc.train.multi-label-metric} for multi-label ones) drives a {@link PlateauSchedule}: the learning rates
 * halve on a plateau and training stops early. Before each dev evaluation the thresholds of multi-label heads
 * are tuned on the same dev examples for that metric, so the checkpoint carries tuned thresholds. Every
 * improvement replaces {@code <out>/model} atomically, so the output directory always
 * holds the best model so far; the model passed in ends in its last state, not necessarily the best.
 *
 * <p>Batches come from {@link TaskBatches} (length-grouped by default, so a batch pads to similar lengths). The
 * output directory also keeps {@code train.log} and {@code metrics.json}, written as training goes, with the
 * throughput (examples and real and padded tokens per second) and, when the machine's matmul rate is given, the
 * training roofline share ({@link Throughput}). At every evaluation and every {@code checkpoint-every} steps a
 * {@link ResumeCheckpoint} is written (when the backbone can save its optimizer state), from which
 * {@link #resume} continues an interrupted run exactly; a finished run removes it. A time budget
 * ({@code max-time}) ends the run with a last evaluation and keeps the checkpoint. One seed repeats a run exactly
 * on a deterministic backbone: dropout is reseeded every step. Not thread-safe; one run at a time per model.
 */
public final class Trainer {
  private final TrainSettings settings;
  private final TrainingListener listener;
  private final double matmulGflops;
  private final long transformerParameters;

  public Trainer(TrainSettings settings, TrainingListener listener) {
    this(settings, listener, 0, 0);
  }

  /**
   * @param matmulGflops this machine's fp32 matmul rate (GFLOP/s), for the training roofline; 0 when not measured
   * @param transformerParameters the encoder's parameters outside the embeddings, for the roofline; 0 if unknown
   */
  public Trainer(TrainSettings settings, TrainingListener listener, double matmulGflops, long transformerParameters) {
    this.settings = settings;
    this.listener = listener;
    this.matmulGflops = matmulGflops;
    this.transformerParameters = transformerParameters;
  }

  /**
   * Trains {@code model} on {@code data} (one entry per task of the model, label spaces equal to the heads')
   * and writes the run into {@code outputDir}.
   */
  public TrainResult train(MultitaskModel model, List<TaskData> data, Path outputDir) {
    return run(model, data, outputDir, null);
  }

  /**
   * Continues the run in {@code outputDir} from {@code checkpoint} ({@link ResumeCheckpoint#usable}):
   * {@code model} must have been opened from the checkpoint's weights ({@link ResumeCheckpoint#model}) with the
   * run's settings; its optimizer state, the sampler, the batches, the schedule and the best result so far are
   * restored, so the run ends as an uninterrupted one would.
   */
  public TrainResult resume(MultitaskModel model, List<TaskData> data, Path outputDir, Path checkpoint) {
    return run(model, data, outputDir, checkpoint);
  }

  private TrainResult run(MultitaskModel model, List<TaskData> data, Path outputDir, Path checkpoint) {
    TrainingPlan plan = TrainingPlan.of(model, data, settings);
    List<String> names = plan.names();
    int n = names.size();
    List<List<Example>> dev = plan.dev();
    List<TaskBatches> batches = plan.batches();
    long seed = settings.seed();
    long totalExamples = plan.totalExamples();
    long stepsPerEpoch = plan.stepsPerEpoch();
    long totalSteps = plan.totalSteps();
    int epochs = plan.epochs();
    boolean hasDev = plan.hasDev();
    long[] sizes = plan.sizes();
    TaskSampler sampler = new TaskSampler(settings.sampling(), settings.temperature(), epochs, sizes, seed);
    PlateauSchedule schedule = PlateauSchedule.of(settings);
    Evaluator evaluator = new Evaluator(settings.batchSize());
    LoopState resumed = checkpoint == null ? null : ResumeCheckpoint.state(checkpoint);
    RunFiles run = resumed == null ? new RunFiles(outputDir) : new RunFiles(outputDir, resumed.rounds());
    Path bestDir = outputDir.resolve(MultitaskModel.BEST_DIR);

    say(run, String.format(Locale.ROOT, "training %d tasks (%s) on %s: %d examples, %d steps (%d per epoch, %d "
        + "epochs), batch %d%s, lr %.2e, head lr %.2e, sampling %s, encoder %s, seed %d%s", n,
        String.join(", ", names), model.backbone().info().engine(), totalExamples, totalSteps, stepsPerEpoch, epochs,
        settings.batchSize(), settings.groupByLength() ? " (length-grouped)" : "", settings.learningRate(),
        settings.headLearningRate(), settings.sampling().configName(),
        model.backbone().trainable() ? "trained" : "frozen", seed,
        settings.maxTime().isZero() ? "" : ", time budget " + settings.maxTime()));
    int round = 0;
    int bestRound = 0;
    long bestStep = 0;
    Map<String, TaskMetrics> bestDev = Map.of();
    boolean stopped = false;
    long step = 0;
    Throughput throughput = new Throughput(0, 0, 0, 0, matmulGflops, transformerParameters);
    if (resumed != null) {
      if (resumed.passes().size() != n || resumed.step() > totalSteps) {
        throw new MtcException("checkpoint " + checkpoint + " is for " + resumed.passes().size() + " tasks and step "
            + resumed.step() + ", this run has " + n + " tasks and " + totalSteps + " steps; resume with the run's "
            + "own settings (its settings.conf)");
      }
      ResumeCheckpoint.loadOptimizer(checkpoint, model);
      sampler.skip(resumed.step(), stepsPerEpoch);
      for (int i = 0; i < n; i++) {
        batches.get(i).seek(resumed.passes().get(i), resumed.positions().get(i));
      }
      schedule.restore(resumed.schedule());
      step = resumed.step();
      round = resumed.round();
      bestRound = resumed.bestRound();
      bestStep = resumed.bestStep();
      bestDev = resumed.bestDev();
      Throughput t = resumed.throughput();
      throughput = new Throughput(t.examples(), t.realTokens(), t.paddedTokens(), t.seconds(), matmulGflops,
          transformerParameters);
      say(run, "resumed from " + checkpoint + " at step " + step + " of " + totalSteps + ", after evaluation "
          + round);
    }
    boolean resumable = model.backbone().resumable();
    if (!resumable) {
      say(run, "the " + model.backbone().info().engine() + " engine cannot save its optimizer state: this run "
          + "writes no resumable checkpoints");
    }
    listener.started(totalSteps, totalExamples);
    boolean cutByTime = false;
    long budgetNanos = settings.maxTime().toNanos();
    long runStart = System.nanoTime();
    double[] lossSum = new double[n];
    int[] lossCount = new int[n];
    while (step < totalSteps && !stopped) {
      step++;
      int epoch = (int) ((step - 1) / stepsPerEpoch) + 1;
      int t = sampler.next(epoch);
      TaskHead head = model.head(names.get(t));
      TaskBatches.Batch batch = batches.get(t).next();
      double lr = settings.learningRate() * schedule.scale();
      double headLr = settings.headLearningRate(head.kind()) * schedule.scale();
      long started = System.nanoTime();
      model.backbone().seedTrainingStep(seed * 0x9E3779B97F4A7C15L + step);
      List<StepOutcome> outcomes = new ArrayList<>(2);
      double loss = step(model.backbone(), head, batch.examples(), lr, headLr, seed * 0x9E3779B97F4A7C15L + step,
          outcomes);
      for (StepOutcome o : outcomes) {
        if (o.skipped()) {
          run.line("step " + step + " (" + head.task() + ") skipped: " + o.reason());
          listener.skippedStep(step, head.task(), o.reason());
        }
      }
      throughput = throughput.plus(batch.examples().size(), batch.realTokens(), batch.paddedTokens(),
          (System.nanoTime() - started) / 1e9);
      double perSecond = throughput.examplesPerSecond();
      lossSum[t] += loss;
      lossCount[t]++;
      listener.step(step, head.task(), loss, perSecond, lr);
      if (budgetNanos > 0 && System.nanoTime() - runStart >= budgetNanos && step < totalSteps) {
        cutByTime = true;
      }
      if (step % settings.logEvery() == 0 || step == totalSteps || cutByTime) {
        run.line(TrainLog.lossLine(step, totalSteps, epoch, names, lossSum, lossCount, lr, perSecond));
        java.util.Arrays.fill(lossSum, 0);
        java.util.Arrays.fill(lossCount, 0);
      }
      boolean due = settings.evalEvery() > 0 ? step % settings.evalEvery() == 0 : step % stepsPerEpoch == 0;
      if (hasDev && (due || step == totalSteps || cutByTime)) {
        round++;
        Map<String, TaskMetrics> metrics = evaluate(model, evaluator, names, dev, settings.multiLabelMetric());
        double mean = Evaluator.meanScore(metrics, settings.multiLabelMetric());
        PlateauSchedule.Decision decision = schedule.record(mean);
        ObjectNode record = run.newNode();
        record.put("round", round).put("step", step).put("epoch", epoch).put("learning_rate", lr)
            .put("head_learning_rate", headLr).put("improved", decision.improved());
        record.setAll(Evaluator.toJson(metrics, false));
        record.put("mean_score", mean).put("multi_label_metric", settings.multiLabelMetric().configName());
        if (decision.improved()) {
          ObjectNode checkpointMetrics = Evaluator.toJson(metrics);
          checkpointMetrics.put("split", "dev").put("round", round).put("step", step);
          saveCheckpoint(model, bestDir, checkpointMetrics, run);
          bestRound = round;
          bestStep = step;
          bestDev = metrics;
        }
        run.round(record, decision.improved());
        run.line(String.format(Locale.ROOT, "eval %d at step %d: mean dev score %.4f%s  %s", round, step, mean,
            decision.improved() ? " (best, saved to " + bestDir + ")"
                : " (best " + TrainLog.fmt(schedule.best()) + ")",
            TrainLog.perTask(metrics)));
        listener.evaluated(round, metrics, mean, decision.improved());
        if (decision.halved()) {
          say(run, String.format(Locale.ROOT, "no improvement for %d evaluations: learning rates halved to %.2e "
              + "(encoder) and %.2e (heads)", settings.plateauPatience(), settings.learningRate() * schedule.scale(),
              settings.headLearningRate() * schedule.scale()));
        }
        if (decision.stop() && step < totalSteps && !cutByTime) {
          stopped = true;
          say(run, "early stop at step " + step + ": no improvement for " + settings.earlyStopPatience()
              + " evaluations; best mean dev score " + TrainLog.fmt(schedule.best()) + " at evaluation "
              + bestRound);
        }
      }
      boolean evaluated = hasDev && (due || step == totalSteps || cutByTime);
      boolean checkpointDue = settings.checkpointEvery() > 0 && step % settings.checkpointEvery() == 0;
      if (resumable && step < totalSteps && !stopped && (evaluated || checkpointDue || cutByTime)) {
        ResumeCheckpoint.write(outputDir, model, new LoopState(step, round, bestRound, bestStep, bestDev,
            schedule.state(), plan.passes(), plan.positions(), throughput, run.rounds()));
      }
      if (cutByTime) {
        stopped = true;
        say(run, "cut by time at step " + step + " of " + totalSteps + ": the budget mtc.train.max-time = "
            + settings.maxTime() + " is spent" + (hasDev ? "; best mean dev score "
            + TrainLog.fmt(schedule.best())
            + " at evaluation " + bestRound + " is kept" : ""));
      }
    }
    if (!hasDev) {
      saveCheckpoint(model, bestDir, null, run);
      bestStep = step;
      say(run, "no dev examples in any task: kept the final model in " + bestDir);
    }
    if (!cutByTime) {
      ResumeCheckpoint.discard(outputDir); // the run is complete; a time-cut run keeps it to continue later
    }
    long peakRss = org.mtc.core.io.ProcStatus.peakRss();
    run.finish(step, stopped && !cutByTime, cutByTime, throughput, peakRss);
    say(run, "throughput: " + throughput.line() + (peakRss > 0 ? String.format(Locale.ROOT, "; peak RSS %.0f MB",
        peakRss / 1e6) : ""));
    say(run, "done: " + step + " steps, " + round + " evaluations" + (hasDev ? ", best mean dev score "
        + TrainLog.fmt(schedule.best()) + " at evaluation " + bestRound : ""));
    return new TrainResult(outputDir, bestDir, bestRound, bestStep, hasDev ? schedule.best() : Double.NaN, bestDev,
        step, round, stopped && !cutByTime, cutByTime, throughput, peakRss);
  }

  /**
   * One optimisation step on one task's batch; returns the batch's mean loss and adds the head's and the
   * encoder's step outcomes to {@code outcomes}.
   */
  private double step(Backbone backbone, TaskHead head, List<Example> batch, double lr, double headLr, long seed,
      List<StepOutcome> outcomes) {
    List<String> texts = new ArrayList<>(batch.size());
    List<String> contexts = new ArrayList<>(batch.size()); // "" unless the task has a context column
    float[][] targets = new float[batch.size()][];
    for (int i = 0; i < batch.size(); i++) {
      texts.add(batch.get(i).text());
      contexts.add(batch.get(i).context());
      targets[i] = batch.get(i).target(head.labels().size());
    }
    if (!backbone.trainable()) {
      TaskHead.HeadLoss loss = head.forwardBackward(backbone.encode(contexts, texts), targets, seed);
      outcomes.add(head.step(settings.optimizer(), headLr));
      return loss.loss();
    }
    double loss;
    try (TrainingPass pass = backbone.forwardForTraining(contexts, texts)) {
      TaskHead.HeadLoss l = head.forwardBackward(pass.pooled(), targets, seed);
      pass.backward(l.pooledGradient());
      loss = l.loss();
    }
    outcomes.add(head.step(settings.optimizer(), headLr));
    outcomes.add(backbone.applyGradients(lr));
    return loss;
  }

  /** Dev metrics per task; multi-label heads get thresholds tuned for {@code metric} on the same examples first. */
  private static Map<String, TaskMetrics> evaluate(MultitaskModel model, Evaluator evaluator, List<String> names,
      List<List<Example>> dev, MultiLabelMetric metric) {
    Map<String, TaskMetrics> out = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      List<Example> examples = dev.get(i);
      if (examples.isEmpty()) {
        continue;
      }
      TaskHead head = model.head(names.get(i));
      float[][] probs = evaluator.probabilities(model, names.get(i), examples);
      if (head.kind() == TaskKind.MULTI_LABEL) {
        head.setThresholds(MultiLabelHead.tuneThresholds(probs, Evaluator.gold(examples, head.labels().size()),
            metric));
      }
      out.put(names.get(i), Evaluator.score(head, examples, probs));
    }
    return out;
  }

  private void saveCheckpoint(MultitaskModel model, Path bestDir, ObjectNode metrics, RunFiles run) {
    Checkpoints.replace(bestDir, tmp -> {
      model.writeTo(tmp, metrics);
      try {
        Files.copy(run.log(), tmp.resolve(RunFiles.LOG));
      } catch (IOException e) {
        throw new MtcException("could not copy " + run.log() + " into the checkpoint " + tmp + ": "
            + e.getMessage(), e);
      }
    });
  }

  private void say(RunFiles run, String message) {
    run.line(message);
    listener.message(message);
  }
}
