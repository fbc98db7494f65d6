package org.mtc.bench.experiment;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mtc.core.engine.Engines;
import org.mtc.core.io.AtomicFiles;
import org.mtc.tasks.compare.Comparison;
import org.mtc.tasks.compare.PairedBootstrap;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.predict.Evaluator;

/**
 * Scores one seed's models on the test examples and compares them pairwise: the baseline multitask
 * model and each other strategy's with the single-task models, and each other strategy's with the
 * baseline ({@link PairedBootstrap}, resampled with the seed). Each multitask model's decisions go
 * to {@value Experiment#OUTCOMES} in its training directory. A model that cannot be scored becomes
 * a {@link Failure}. Single-threaded.
 */
final class Scoring {
  /**
   * One seed's trained models.
   *
   * @param label {@code ""}, or {@code " (seed N)"} with several seeds
   * @param seedDir where the seed's models were trained
   * @param multitask the baseline multitask model, if it trained
   * @param singleTask each task's single-task model that trained
   * @param strategies each other strategy's multitask model that trained
   */
  record SeedModels(
      long seed,
      String label,
      Path seedDir,
      Optional<Path> multitask,
      Map<String, Path> singleTask,
      Map<Strategy, Path> strategies) {}

  private final Engines engines;
  private final Config inference;
  private final Evaluator evaluator;
  private final BenchSettings bench;

  Scoring(Engines engines, Config inference, Evaluator evaluator, BenchSettings bench) {
    this.engines = engines;
    this.inference = inference;
    this.evaluator = evaluator;
    this.bench = bench;
  }

  SeedRun score(SeedModels models, Map<String, List<Example>> test, List<Failure> failures) {
    Scores mt = Scores.empty();
    if (models.multitask().isPresent()) {
      mt =
          multitask(
              Experiment.MULTITASK + models.label(),
              models.multitask().get(),
              models.seedDir().resolve(Experiment.MULTITASK),
              test,
              failures);
    }
    Scores st = Scores.empty();
    for (var e : models.singleTask().entrySet()) {
      // a single-task model is scored on its own task only
      try (MultitaskModel m = MultitaskModel.load(e.getValue(), engines, inference)) {
        st = st.plus(Scores.of(m, Map.of(e.getKey(), test.get(e.getKey())), evaluator));
      } catch (RuntimeException x) {
        failures.add(
            new Failure(
                "single-task " + e.getKey() + models.label(), "evaluate", Experiment.message(x)));
      }
    }
    List<StrategyRun> strategies = new ArrayList<>();
    for (var e : models.strategies().entrySet()) {
      Strategy strategy = e.getKey();
      Scores s =
          multitask(
              strategy.configuration() + models.label(),
              e.getValue(),
              models.seedDir().resolve(strategy.directory()),
              test,
              failures);
      if (!s.outcomes().isEmpty()) {
        strategies.add(
            new StrategyRun(
                strategy.name(),
                s.metrics(),
                compare(s, st, models.seed()),
                compare(s, mt, models.seed())));
      }
    }
    return new SeedRun(
        models.seed(), mt.metrics(), st.metrics(), compare(mt, st, models.seed()), strategies);
  }

  /** A multitask model's scores, its decisions written beside it; empty when it fails. */
  private Scores multitask(
      String configuration,
      Path model,
      Path trainingDir,
      Map<String, List<Example>> test,
      List<Failure> failures) {
    try (MultitaskModel m = MultitaskModel.load(model, engines, inference)) {
      Scores scores = Scores.of(m, test, evaluator);
      ObjectNode outcomes = JsonNodeFactory.instance.objectNode();
      scores.outcomes().forEach((task, o) -> outcomes.set(task, o.toJson()));
      AtomicFiles.writeString(trainingDir.resolve(Experiment.OUTCOMES), outcomes.toString());
      return scores;
    } catch (RuntimeException e) {
      failures.add(new Failure(configuration, "evaluate", Experiment.message(e)));
      return Scores.empty();
    }
  }

  private Comparison compare(Scores a, Scores b, long seed) {
    return PairedBootstrap.compare(a.outcomes(), b.outcomes(), bench.bootstrapResamples(), seed);
  }
}
