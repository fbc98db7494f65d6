package org.mtc.bench.backbones;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mtc.bench.experiment.Samples;
import org.mtc.core.Input;
import org.mtc.core.engine.Engines;
import org.mtc.core.task.TaskSet;
import org.mtc.core.task.TaskSpec;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.data.TaskDataLoader;
import org.mtc.tasks.model.MultitaskModel;

/**
 * Times every backbone's multitask model side by side, once all are trained: the models are loaded
 * in one JVM and answer every task for the same texts (each with its dialog context) in alternating
 * rounds, each round in a different order, so load on a shared machine hits every backbone alike;
 * the fastest round of each counts. A trial's own timing runs minutes apart from the next one's and
 * under whatever load there was then, so its ratios are less fair. Single-threaded.
 */
final class SideBySideSpeed {
  private SideBySideSpeed() {}

  /**
   * Texts per second of each model, by backbone name.
   *
   * @param models backbone name to its trained multitask model directory
   * @param inference frozen settings on the inference engine
   */
  static Map<String, Double> measure(
      Map<String, Path> models,
      Engines engines,
      Config inference,
      List<Example> examples,
      int batchSize,
      int rounds) {
    List<Input> inputs = examples.stream().map(Example::input).toList();
    Map<String, MultitaskModel> open = new LinkedHashMap<>();
    try {
      for (var e : models.entrySet()) {
        open.put(e.getKey(), MultitaskModel.load(e.getValue(), engines, inference));
      }
      List<String> names = new ArrayList<>(open.keySet());
      Map<String, Double> best = new LinkedHashMap<>();
      for (String name : names) {
        open.get(name).probabilities(inputs.subList(0, Math.min(inputs.size(), batchSize)));
        best.put(name, Double.MAX_VALUE);
      }
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < names.size(); i++) {
          String name = names.get((i + r) % names.size());
          MultitaskModel model = open.get(name);
          long start = System.nanoTime();
          for (int from = 0; from < inputs.size(); from += batchSize) {
            model.probabilities(inputs.subList(from, Math.min(inputs.size(), from + batchSize)));
          }
          best.put(name, Math.min(best.get(name), (System.nanoTime() - start) / 1e9));
        }
      }
      Map<String, Double> out = new LinkedHashMap<>();
      best.forEach((name, seconds) -> out.put(name, inputs.size() / seconds));
      return out;
    } finally {
      open.values().forEach(MultitaskModel::close);
    }
  }

  /** The same mixed texts the trials timed: round-robin over the test splits of the tasks. */
  static List<Example> examples(TaskSet tasks, Path dataDir, long seed, int n) {
    Map<String, List<Example>> test = new LinkedHashMap<>();
    for (TaskSpec spec : tasks.tasks()) {
      try {
        test.put(
            spec.name(),
            TaskDataLoader.load(spec, dataDir, Optional.empty(), Set.of("test"), 0, seed).test());
      } catch (RuntimeException e) {
        // a task whose data cannot be read was reported by the trials; time the others
      }
    }
    return Samples.mixed(test, n);
  }
}
