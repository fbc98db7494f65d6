package org.mtc.tasks.train;

import java.util.Locale;
import org.mtc.core.io.ProcStatus;

/**
 * Opens and closes the run's account: the first line of {@code train.log} (tasks, engine, examples,
 * steps, batch, learning rates, sampling, seed, time budget), and at the end the totals of {@code
 * metrics.json} (steps, why the run stopped, throughput, peak memory, the {@link StepProfile}), the
 * step profile's table in {@code train.log}, and the last lines (throughput, steps, evaluations,
 * the best mean dev score). Stateless.
 */
final class RunReport implements LoopListener {
  @Override
  public void begin(LoopContext c) {
    c.say(header(c));
  }

  @Override
  public void end(LoopContext c) {
    long peakRss = ProcStatus.peakRss();
    c.peakRss(peakRss);
    c.profile().end();
    c.files().profile(c.profile().json());
    c.profile().lines().forEach(c.files()::line);
    c.files().finish(c.step(), c.stoppedEarly(), c.cutByTime(), c.throughput(), peakRss);
    c.say(
        "throughput: "
            + c.throughput().line()
            + (peakRss > 0 ? String.format(Locale.ROOT, "; peak RSS %.0f MB", peakRss / 1e6) : ""));
    c.say(
        "done: "
            + c.step()
            + " steps, "
            + c.round()
            + " evaluations"
            + (c.plan().hasDev()
                ? ", best mean dev score "
                    + TrainLog.fmt(c.schedule().best())
                    + " at evaluation "
                    + c.bestRound()
                : ""));
  }

  static String header(LoopContext c) {
    TrainSettings s = c.settings();
    TrainingPlan plan = c.plan();
    return String.format(
        Locale.ROOT,
        "training %d tasks (%s) on %s: %d examples, %d steps (%d per epoch, %d "
            + "epochs), batch %d%s, lr %.2e, head lr %.2e, sampling %s, encoder %s, seed %d%s",
        plan.names().size(),
        String.join(", ", plan.names()),
        c.model().backbone().info().engine(),
        plan.totalExamples(),
        plan.totalSteps(),
        plan.stepsPerEpoch(),
        plan.epochs(),
        s.batchSize(),
        s.groupByLength() ? " (length-grouped)" : "",
        s.learningRate(),
        s.headLearningRate(),
        s.sampling().configName(),
        c.model().backbone().trainable() ? "trained" : "frozen",
        s.seed(),
        s.maxTime().isZero() ? "" : ", time budget " + s.maxTime());
  }
}
