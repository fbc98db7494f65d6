package org.mtc.tasks.train;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mtc.core.StepOutcome;
import org.mtc.core.TaskKind;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.eval.TaskMetrics;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.model.ToyBackbone;
import org.mtc.tasks.model.ToyTasks;

/**
 * A {@link LoopContext} over a tiny toy model (no engine) for the tests of the loop's parts, with a
 * listener that records what it hears. Close it to close the model.
 */
final class LoopFixture implements AutoCloseable {
  final MultitaskModel model;
  final List<TaskData> data;
  final TrainSettings settings;
  final LoopContext context;
  final List<String> events = new ArrayList<>();
  final Path out;

  /**
   * @param dev dev examples per task (0: none)
   * @param extra HOCON over the toy settings (two single-label tasks, batch 8)
   */
  LoopFixture(Path tmp, int dev, String extra) {
    Config config =
        ToyTasks.settings(
            ToyTasks.write(tmp.resolve("data"), 40, dev, 0, 7),
            false,
            "mtc.train { batch-size = 8, epochs = 2 }\n" + extra);
    data = ToyTasks.load(config);
    settings = TrainSettings.from(config);
    model = MultitaskModel.create(new ToyBackbone(8, 256, 5, true), data, config);
    out = tmp.resolve("run");
    context =
        LoopContext.open(
            settings, model, data, out, null, recorder(), new Throughput(0, 0, 0, 0, 0, 0));
  }

  private TrainingListener recorder() {
    return new TrainingListener() {
      @Override
      public void started(long totalSteps, long totalExamples) {
        events.add("started " + totalSteps + " " + totalExamples);
      }

      @Override
      public void step(
          long stepIndex, String task, double loss, double examplesPerSecond, double learningRate) {
        events.add("step " + stepIndex + " " + task + " " + loss);
      }

      @Override
      public void evaluated(
          int round, Map<String, TaskMetrics> dev, double meanDevScore, boolean improved) {
        events.add("evaluated " + round + " " + meanDevScore + " " + improved);
      }

      @Override
      public void skippedStep(long stepIndex, String task, String reason) {
        events.add("skipped " + stepIndex + " " + task);
      }

      @Override
      public void message(String message) {
        events.add("message " + message);
      }
    };
  }

  /** Advances the context to step {@code n} (no training) and returns a result for it on task 0. */
  StepResult stepTo(long n, double loss, StepOutcome... outcomes) {
    while (context.step() < n) {
      context.nextStep();
    }
    TaskBatches.Batch batch = new TaskBatches.Batch(data.get(0).train().subList(0, 4), 20, 32);
    return new StepResult(
        n,
        context.epoch(),
        0,
        context.plan().names().get(0),
        batch,
        loss,
        1e-3,
        1e-2,
        List.of(outcomes),
        0.5);
  }

  /**
   * A dev round with the given score (one task at that accuracy) and the schedule's decision for
   * it.
   */
  DevRound round(double score) {
    String task = context.plan().names().get(0);
    Map<String, TaskMetrics> metrics =
        Map.of(
            task, new TaskMetrics(task, TaskKind.SINGLE_LABEL, 10, score, score, score, Map.of()));
    return new DevRound(context.nextRound(), metrics, score, context.schedule().record(score));
  }

  @Override
  public void close() {
    model.close();
  }
}
