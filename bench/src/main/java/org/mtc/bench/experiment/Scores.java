package org.mtc.bench.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.tasks.compare.Outcomes;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.eval.TaskMetrics;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.predict.Evaluator;

/**
 * One model's test scores: the metrics per task and the per-example decisions behind them (for the
 * paired bootstrap). Immutable.
 */
record Scores(Map<String, TaskMetrics> metrics, Map<String, Outcomes> outcomes) {

  Scores {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
  }

  static Scores empty() {
    return new Scores(Map.of(), Map.of());
  }

  /**
   * Scores {@code model} on every task of {@code test} (each task's examples encoded once, in
   * batches).
   */
  static Scores of(MultitaskModel model, Map<String, List<Example>> test, Evaluator evaluator) {
    Map<String, TaskMetrics> metrics = new LinkedHashMap<>();
    Map<String, Outcomes> outcomes = new LinkedHashMap<>();
    test.forEach(
        (task, examples) -> {
          float[][] p = evaluator.probabilities(model, task, examples);
          metrics.put(task, Evaluator.score(model.head(task), examples, p));
          outcomes.put(task, Outcomes.of(model.head(task), examples, p));
        });
    return new Scores(metrics, outcomes);
  }

  /** Both scores together (tasks of {@code other} added after these). */
  Scores plus(Scores other) {
    Map<String, TaskMetrics> m = new LinkedHashMap<>(metrics);
    m.putAll(other.metrics);
    Map<String, Outcomes> o = new LinkedHashMap<>(outcomes);
    o.putAll(other.outcomes);
    return new Scores(m, o);
  }
}
