package org.mtc.tasks.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.Backbone;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.TaskHead;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.data.SeededSample;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.model.MultitaskModel;

/**
 * What one training run works through, fixed before its first step: per task (in the model's task
 * order) the training sample as endless {@link TaskBatches} (token counts from the backbone's
 * tokenizer) and the dev sample, and the step budget. The same settings and seed give the same
 * plan. Not thread-safe (the batches move on).
 *
 * @param names task names, in model order
 * @param batches each task's training batches
 * @param dev each task's dev examples (empty when it has none)
 * @param sizes each task's number of training examples
 * @param stepsPerEpoch steps that see every training example once, all tasks together
 * @param totalSteps the run's steps ({@code max-steps}, else epochs × steps per epoch)
 */
record TrainingPlan(
    List<String> names,
    List<TaskBatches> batches,
    List<List<Example>> dev,
    long[] sizes,
    long stepsPerEpoch,
    long totalSteps) {

  static TrainingPlan of(MultitaskModel model, List<TaskData> data, TrainSettings settings) {
    List<String> names = model.tasks().names();
    Map<String, TaskData> byName = index(model, data);
    List<List<Example>> dev = new ArrayList<>();
    List<TaskBatches> batches = new ArrayList<>();
    long[] sizes = new long[names.size()];
    long seed = settings.seed();
    for (int i = 0; i < names.size(); i++) {
      TaskData d = byName.get(names.get(i));
      List<Example> train = SeededSample.of(d.train(), settings.maxTrainPerTask(), seed + i);
      sizes[i] = train.size();
      batches.add(
          new TaskBatches(
              train,
              tokenCounts(model.backbone(), train),
              settings.batchSize(),
              settings.groupByLength(),
              seed * 31 + i));
      dev.add(SeededSample.of(d.dev(), settings.maxEvalPerTask(), seed * 17 + i));
    }
    long total = Arrays.stream(sizes).sum();
    if (total == 0) {
      throw new MtcException(
          "no training examples in any task ("
              + String.join(", ", names)
              + "); check the "
              + "train files of the task set");
    }
    long stepsPerEpoch = Math.max(1, (total + settings.batchSize() - 1) / settings.batchSize());
    long totalSteps =
        settings.maxSteps() > 0 ? settings.maxSteps() : settings.epochs() * stepsPerEpoch;
    return new TrainingPlan(names, batches, dev, sizes, stepsPerEpoch, totalSteps);
  }

  long totalExamples() {
    return Arrays.stream(sizes).sum();
  }

  int epochs() {
    return (int) ((totalSteps + stepsPerEpoch - 1) / stepsPerEpoch);
  }

  boolean hasDev() {
    return dev.stream().anyMatch(l -> !l.isEmpty());
  }

  /** Per task, the pass its next batch comes from. */
  List<Long> passes() {
    return batches.stream().map(TaskBatches::pass).toList();
  }

  /** Per task, the batches of the current pass already used. */
  List<Integer> positions() {
    return batches.stream().map(TaskBatches::position).toList();
  }

  /**
   * Token counts of {@code examples} as the backbone's tokenizer sees them (the whole pair where an
   * example has a context), in slices to bound memory.
   */
  private static int[] tokenCounts(Backbone backbone, List<Example> examples) {
    int[] out = new int[examples.size()];
    int slice = 4096;
    for (int from = 0; from < examples.size(); from += slice) {
      List<Input> inputs =
          examples.subList(from, Math.min(examples.size(), from + slice)).stream()
              .map(Example::input)
              .toList();
      System.arraycopy(backbone.tokenCounts(inputs), 0, out, from, inputs.size());
    }
    return out;
  }

  private static Map<String, TaskData> index(MultitaskModel model, List<TaskData> data) {
    Map<String, TaskData> byName = new LinkedHashMap<>();
    for (TaskData d : data) {
      TaskHead head = model.head(d.spec().name());
      if (!d.labels().equals(head.labels())) {
        throw new MtcException(
            "task '"
                + d.spec().name()
                + "': the data's labels "
                + d.labels().labels()
                + " differ from the head's "
                + head.labels().labels());
      }
      byName.put(d.spec().name(), d);
    }
    for (String name : model.tasks().names()) {
      if (!byName.containsKey(name)) {
        throw new MtcException(
            "no data for task '" + name + "' of the model; load every task of the task set");
      }
    }
    return byName;
  }
}
