package org.mtc.tasks.compose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.mtc.core.Input;
import org.mtc.core.LabelSpace;
import org.mtc.core.task.TaskSpec;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.data.TaskDataLoader;
import org.mtc.tasks.eval.Metrics;
import org.mtc.tasks.eval.OffsetTuning;
import org.mtc.tasks.eval.TaskMetrics;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.Evaluator;
import org.mtc.tasks.predict.TaskPrediction;

/**
 * The offsets of {@code mtc calibrate} ({@link Calibration}): each single-label task of the plan
 * reads its dev split (labels fixed to the model's), the model predicts its probabilities, and
 * {@link OffsetTuning} tunes the offsets on them. A task without a dev file (or with an empty one)
 * is skipped. Stateless; the classifier is used from the calling thread only.
 */
public final class DevOffsets {
  /**
   * The offsets of one task.
   *
   * @param task the task
   * @param labels its labels, in output order (the offsets' order)
   * @param devFile the dev file read
   * @param examples its examples
   * @param result the offsets and the dev metric before and after
   * @param after every dev score of the decisions with the offsets, as {@code metrics.json} holds
   */
  public record Tuned(
      String task,
      List<String> labels,
      Path devFile,
      int examples,
      OffsetTuning.Result result,
      TaskMetrics after) {}

  /**
   * What was tuned and what was skipped.
   *
   * @param tuned the tasks with a dev split, in the plan's order
   * @param skipped the tasks without one, in the plan's order
   */
  public record Outcome(List<Tuned> tuned, List<String> skipped) {}

  /** Dev texts per prediction call, and between progress lines. */
  static final int SLICE = 1000;

  private DevOffsets() {}

  /**
   * Tunes the offsets of {@code plan}'s tasks on their dev splits.
   *
   * @param model the plan's model, opened (on any engine)
   * @param dataDir the data directory the tasks' {@code data} folders are resolved against
   * @param say told what is being predicted, with progress at least every {@value #SLICE} texts
   * @throws org.mtc.core.MtcException for a malformed dev file or a label the model lacks
   */
  public static Outcome tune(
      Calibration.Plan plan,
      Classifier model,
      Path dataDir,
      OffsetTuning.Metric metric,
      Consumer<String> say) {
    List<Tuned> tuned = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (TaskSpec spec : plan.tasks()) {
      Map<String, Path> files = TaskDataLoader.files(spec, dataDir, Set.of("dev"));
      LabelSpace labels = new LabelSpace(spec.name(), model.labels().get(spec.name()));
      List<Example> dev =
          files.containsKey("dev")
              ? TaskDataLoader.load(spec, dataDir, Optional.of(labels), Set.of("dev"), 0, 0).dev()
              : List.of();
      if (dev.isEmpty()) {
        skipped.add(spec.name());
        continue;
      }
      double[][] p = probabilities(model, spec.name(), labels, dev, say);
      int[] gold = dev.stream().mapToInt(Example::label).toArray();
      OffsetTuning.Result r = OffsetTuning.tune(labels, p, gold, metric);
      int[] decided = OffsetTuning.decide(OffsetTuning.logs(p), r.offsets());
      tuned.add(
          new Tuned(
              spec.name(),
              labels.labels(),
              files.get("dev"),
              dev.size(),
              r,
              Metrics.singleLabel(spec.name(), labels, gold, decided)));
    }
    return new Outcome(tuned, skipped);
  }

  private static double[][] probabilities(
      Classifier model, String task, LabelSpace labels, List<Example> dev, Consumer<String> say) {
    List<Input> inputs = Evaluator.inputs(dev);
    double[][] out = new double[dev.size()][labels.size()];
    long start = System.nanoTime();
    for (int from = 0; from < inputs.size(); from += SLICE) {
      int to = Math.min(inputs.size(), from + SLICE);
      List<TaskPrediction> predictions = model.predict(task, inputs.subList(from, to));
      for (int i = from; i < to; i++) {
        for (int j = 0; j < labels.size(); j++) {
          out[i][j] = predictions.get(i - from).probability(labels.label(j));
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      say.accept(
          String.format(
              Locale.ROOT,
              "calibrate %s: predicted %d/%d dev texts, %.0f/s",
              task,
              to,
              inputs.size(),
              to / Math.max(seconds, 1e-9)));
    }
    return out;
  }
}
