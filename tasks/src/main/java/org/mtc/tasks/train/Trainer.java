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
import org.mtc.core.TaskHead;
import org.mtc.core.TaskKind;
import org.mtc.core.TrainingPass;
import org.mtc.heads.MultiLabelHead;
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
 * <p>The mean dev accuracy (exact match for multi-label tasks) after each evaluation drives a
 * {@link PlateauSchedule}: the learning rates halve on a plateau and training stops early. Before each dev
 * evaluation the thresholds of multi-label heads are tuned on the same dev examples, so the checkpoint carries
 * tuned thresholds. Every improvement replaces {@code <out>/model} atomically, so the output directory always
 * holds the best model so far; the model passed in ends in its last state, not necessarily the best.
 *
 * <p>The output directory also keeps {@code train.log} and {@code metrics.json}, written as training goes. One
 * seed repeats a run exactly on a deterministic backbone. Not thread-safe; one run at a time per model.
 */
public final class Trainer {
  private final TrainSettings settings;
  private final TrainingListener listener;

  public Trainer(TrainSettings settings, TrainingListener listener) {
    this.settings = settings;
    this.listener = listener;
  }

  /**
   * Trains {@code model} on {@code data} (one entry per task of the model, label spaces equal to the heads')
   * and writes the run into {@code outputDir}.
   */
  public TrainResult train(MultitaskModel model, List<TaskData> data, Path outputDir) {
    List<String> names = model.tasks().names();
    Map<String, TaskData> byName = index(model, data);
    int n = names.size();
    List<List<Example>> dev = new ArrayList<>();
    List<TaskBatches> batches = new ArrayList<>();
    long[] sizes = new long[n];
    long seed = settings.seed();
    for (int i = 0; i < n; i++) {
      TaskData d = byName.get(names.get(i));
      List<Example> train = TaskBatches.sample(d.train(), settings.maxTrainPerTask(), seed + i);
      sizes[i] = train.size();
      batches.add(new TaskBatches(train, seed * 31 + i));
      dev.add(TaskBatches.sample(d.dev(), settings.maxEvalPerTask(), seed * 17 + i));
    }
    long totalExamples = java.util.Arrays.stream(sizes).sum();
    if (totalExamples == 0) {
      throw new MtcException("no training examples in any task (" + String.join(", ", names) + "); check the "
          + "train files of the task set");
    }
    long stepsPerEpoch = Math.max(1, (totalExamples + settings.batchSize() - 1) / settings.batchSize());
    long totalSteps = settings.maxSteps() > 0 ? settings.maxSteps() : settings.epochs() * stepsPerEpoch;
    int epochs = (int) ((totalSteps + stepsPerEpoch - 1) / stepsPerEpoch);
    boolean hasDev = dev.stream().anyMatch(l -> !l.isEmpty());
    TaskSampler sampler = new TaskSampler(settings.sampling(), settings.temperature(), epochs, sizes, seed);
    PlateauSchedule schedule = PlateauSchedule.of(settings);
    Evaluator evaluator = new Evaluator(settings.batchSize());
    RunFiles run = new RunFiles(outputDir);
    Path bestDir = outputDir.resolve(MultitaskModel.BEST_DIR);

    say(run, String.format(Locale.ROOT, "training %d tasks (%s) on %s: %d examples, %d steps (%d per epoch, %d "
        + "epochs), batch %d, lr %.2e, head lr %.2e, sampling %s, encoder %s, seed %d", n, String.join(", ", names),
        model.backbone().info().engine(), totalExamples, totalSteps, stepsPerEpoch, epochs, settings.batchSize(),
        settings.learningRate(), settings.headLearningRate(), settings.sampling().configName(),
        model.backbone().trainable() ? "trained" : "frozen", seed));
    listener.started(totalSteps, totalExamples);

    int round = 0;
    int bestRound = 0;
    long bestStep = 0;
    Map<String, TaskMetrics> bestDev = Map.of();
    boolean stopped = false;
    long step = 0;
    long examplesSeen = 0;
    long trainingNanos = 0;
    double[] lossSum = new double[n];
    int[] lossCount = new int[n];
    while (step < totalSteps && !stopped) {
      step++;
      int epoch = (int) ((step - 1) / stepsPerEpoch) + 1;
      int t = sampler.next(epoch);
      TaskHead head = model.head(names.get(t));
      List<Example> batch = batches.get(t).next(settings.batchSize());
      double lr = settings.learningRate() * schedule.scale();
      double headLr = settings.headLearningRate() * schedule.scale();
      long started = System.nanoTime();
      double loss = step(model.backbone(), head, batch, lr, headLr, seed * 0x9E3779B97F4A7C15L + step);
      trainingNanos += System.nanoTime() - started;
      examplesSeen += batch.size();
      double perSecond = examplesSeen / Math.max(1e-9, trainingNanos / 1e9);
      lossSum[t] += loss;
      lossCount[t]++;
      listener.step(step, head.task(), loss, perSecond, lr);
      if (step % settings.logEvery() == 0 || step == totalSteps) {
        run.line(lossLine(step, totalSteps, epoch, names, lossSum, lossCount, lr, perSecond));
        java.util.Arrays.fill(lossSum, 0);
        java.util.Arrays.fill(lossCount, 0);
      }
      boolean due = settings.evalEvery() > 0 ? step % settings.evalEvery() == 0 : step % stepsPerEpoch == 0;
      if (hasDev && (due || step == totalSteps)) {
        round++;
        Map<String, TaskMetrics> metrics = evaluate(model, evaluator, names, dev);
        double mean = Evaluator.meanAccuracy(metrics);
        PlateauSchedule.Decision decision = schedule.record(mean);
        ObjectNode record = run.newNode();
        record.put("round", round).put("step", step).put("epoch", epoch).put("learning_rate", lr)
            .put("head_learning_rate", headLr).put("improved", decision.improved());
        record.setAll(Evaluator.toJson(metrics, false));
        if (decision.improved()) {
          ObjectNode checkpointMetrics = Evaluator.toJson(metrics);
          checkpointMetrics.put("split", "dev").put("round", round).put("step", step);
          saveCheckpoint(model, bestDir, checkpointMetrics, run);
          bestRound = round;
          bestStep = step;
          bestDev = metrics;
        }
        run.round(record, decision.improved());
        run.line(String.format(Locale.ROOT, "eval %d at step %d: mean dev accuracy %.4f%s  %s", round, step, mean,
            decision.improved() ? " (best, saved to " + bestDir + ")" : " (best " + fmt(schedule.best()) + ")",
            perTask(metrics)));
        listener.evaluated(round, metrics, mean, decision.improved());
        if (decision.halved()) {
          say(run, String.format(Locale.ROOT, "no improvement for %d evaluations: learning rates halved to %.2e "
              + "(encoder) and %.2e (heads)", settings.plateauPatience(), settings.learningRate() * schedule.scale(),
              settings.headLearningRate() * schedule.scale()));
        }
        if (decision.stop() && step < totalSteps) {
          stopped = true;
          say(run, "early stop at step " + step + ": no improvement for " + settings.earlyStopPatience()
              + " evaluations; best mean dev accuracy " + fmt(schedule.best()) + " at evaluation " + bestRound);
        }
      }
    }
    if (!hasDev) {
      saveCheckpoint(model, bestDir, null, run);
      bestStep = step;
      say(run, "no dev examples in any task: kept the final model in " + bestDir);
    }
    run.finish(step, stopped);
    say(run, "done: " + step + " steps, " + round + " evaluations" + (hasDev ? ", best mean dev accuracy "
        + fmt(schedule.best()) + " at evaluation " + bestRound : ""));
    return new TrainResult(outputDir, bestDir, bestRound, bestStep, hasDev ? schedule.best() : Double.NaN, bestDev,
        step, round, stopped);
  }

  /** One optimisation step on one task's batch; returns the batch's mean loss. */
  private double step(Backbone backbone, TaskHead head, List<Example> batch, double lr, double headLr, long seed) {
    List<String> texts = new ArrayList<>(batch.size());
    float[][] targets = new float[batch.size()][];
    for (int i = 0; i < batch.size(); i++) {
      texts.add(batch.get(i).text());
      targets[i] = batch.get(i).target(head.labels().size());
    }
    if (!backbone.trainable()) {
      TaskHead.HeadLoss loss = head.forwardBackward(backbone.encode(texts), targets, seed);
      head.step(settings.optimizer(), headLr);
      return loss.loss();
    }
    double loss;
    try (TrainingPass pass = backbone.forwardForTraining(texts)) {
      TaskHead.HeadLoss l = head.forwardBackward(pass.pooled(), targets, seed);
      pass.backward(l.pooledGradient());
      loss = l.loss();
    }
    head.step(settings.optimizer(), headLr);
    backbone.applyGradients(lr);
    return loss;
  }

  /** Dev metrics per task; multi-label heads get thresholds tuned on the same examples first. */
  private static Map<String, TaskMetrics> evaluate(MultitaskModel model, Evaluator evaluator, List<String> names,
      List<List<Example>> dev) {
    Map<String, TaskMetrics> out = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      List<Example> examples = dev.get(i);
      if (examples.isEmpty()) {
        continue;
      }
      TaskHead head = model.head(names.get(i));
      float[][] probs = evaluator.probabilities(model, names.get(i), examples);
      if (head.kind() == TaskKind.MULTI_LABEL) {
        head.setThresholds(MultiLabelHead.tuneThresholds(probs, Evaluator.gold(examples, head.labels().size())));
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

  private static Map<String, TaskData> index(MultitaskModel model, List<TaskData> data) {
    Map<String, TaskData> byName = new LinkedHashMap<>();
    for (TaskData d : data) {
      TaskHead head = model.head(d.spec().name());
      if (!d.labels().equals(head.labels())) {
        throw new MtcException("task '" + d.spec().name() + "': the data's labels " + d.labels().labels()
            + " differ from the head's " + head.labels().labels());
      }
      byName.put(d.spec().name(), d);
    }
    for (String name : model.tasks().names()) {
      if (!byName.containsKey(name)) {
        throw new MtcException("no data for task '" + name + "' of the model; load every task of the task set");
      }
    }
    return byName;
  }

  private void say(RunFiles run, String message) {
    run.line(message);
    listener.message(message);
  }

  private static String lossLine(long step, long total, int epoch, List<String> names, double[] sum, int[] count,
      double lr, double perSecond) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "step %d/%d epoch %d", step, total, epoch));
    double all = 0;
    int k = 0;
    StringBuilder tasks = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      if (count[i] > 0) {
        all += sum[i];
        k += count[i];
        tasks.append(String.format(Locale.ROOT, " %s=%.4f", names.get(i), sum[i] / count[i]));
      }
    }
    return b.append(String.format(Locale.ROOT, " loss %.4f (%s) lr %.2e %.1f examples/s", all / Math.max(1, k),
        tasks.toString().trim(), lr, perSecond)).toString();
  }

  private static String perTask(Map<String, TaskMetrics> metrics) {
    StringBuilder b = new StringBuilder();
    metrics.forEach((task, m) -> b.append(String.format(Locale.ROOT, " %s=%.4f", task, m.accuracy())));
    return b.toString().trim();
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
