package org.mtc.tasks.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.Evaluator;

/**
 * Two trained models scored on the same labelled examples and compared pairwise ({@link
 * PairedBootstrap}): what {@code mtc eval --against} prints. Each model reads the examples as its
 * own task declaration says (a model whose task reads a dialog context gets the pairs; one whose
 * task does not gets the texts alone). Stateless.
 */
public final class ModelComparison {
  private ModelComparison() {}

  /**
   * Compares {@code first} with {@code second} (model directories or exported graphs) on every task
   * of {@code examples}; both must have those tasks with the same labels in the same order.
   */
  public static Comparison compare(
      Classifier first,
      Classifier second,
      Map<String, List<Example>> examples,
      int resamples,
      long seed) {
    Map<String, Outcomes> a = new LinkedHashMap<>();
    Map<String, Outcomes> b = new LinkedHashMap<>();
    examples.forEach(
        (task, list) -> {
          if (!second.labels().containsKey(task)) {
            throw new MtcException(
                "--against model has no task '"
                    + task
                    + "' (its tasks: "
                    + second.labels().keySet()
                    + "); compare models trained on the same task, or pass --only with the tasks they share");
          }
          if (!first.labels().get(task).equals(second.labels().get(task))) {
            throw new MtcException(
                "task '"
                    + task
                    + "': the models' labels differ ("
                    + first.labels().get(task)
                    + " vs "
                    + second.labels().get(task)
                    + "), so their predictions cannot be paired");
          }
          a.put(task, outcomes(first, task, list));
          b.put(task, outcomes(second, task, list));
        });
    return PairedBootstrap.compare(a, b, resamples, seed);
  }

  private static Outcomes outcomes(Classifier model, String task, List<Example> examples) {
    return Outcomes.of(
        new LabelSpace(task, model.labels().get(task)),
        model.tasks().task(task).kind(),
        examples,
        model.predict(task, Evaluator.inputs(examples)));
  }

  /**
   * The comparison as JSON: {@code {"a", "b", "resamples", "seed", "tasks": [{"task", "n",
   * "accuracy_a", "accuracy_b", "accuracy_difference": {"estimate", "low", "high", "verdict"},
   * "macro_f1_a", "macro_f1_b", "macro_f1_difference": {...}}], "mean_accuracy_difference",
   * "mean_macro_f1_difference"}}}, verdicts in A/B terms.
   */
  public static ObjectNode toJson(Comparison c, String first, String second) {
    var json = new ObjectMapper().createObjectNode();
    json.put("a", first).put("b", second).put("resamples", c.resamples()).put("seed", c.seed());
    var tasks = json.putArray("tasks");
    for (TaskComparison t : c.tasks()) {
      var o =
          tasks
              .addObject()
              .put("task", t.task())
              .put("n", t.n())
              .put("accuracy_a", t.multitaskAccuracy())
              .put("accuracy_b", t.singleTaskAccuracy());
      interval(o.putObject("accuracy_difference"), t.accuracy());
      o.put("macro_f1_a", t.multitaskMacroF1()).put("macro_f1_b", t.singleTaskMacroF1());
      interval(o.putObject("macro_f1_difference"), t.macroF1());
    }
    interval(json.putObject("mean_accuracy_difference"), c.meanAccuracy());
    interval(json.putObject("mean_macro_f1_difference"), c.meanMacroF1());
    return json;
  }

  private static void interval(ObjectNode o, Interval i) {
    o.put("estimate", i.estimate())
        .put("low", i.low())
        .put("high", i.high())
        .put("verdict", i.verdict("A", "B"));
  }

  /**
   * The comparison as a plain-text table: per task and the mean, accuracy and macro-F1 with their
   * intervals.
   */
  public static String table(Comparison c, String first, String second) {
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%-14s %6s %9s %9s %-24s %-26s %-24s%n",
                "task",
                "n",
                "acc A",
                "acc B",
                "A - B (95%, points)",
                "verdict",
                "macro-F1 A - B"));
    for (TaskComparison t : c.tasks()) {
      s.append(
          String.format(
              Locale.ROOT,
              "%-14s %6d %9.2f %9.2f %-24s %-26s %-24s%n",
              t.task(),
              t.n(),
              100 * t.multitaskAccuracy(),
              100 * t.singleTaskAccuracy(),
              t.accuracy().points(),
              t.accuracy().verdict("A", "B"),
              t.macroF1().points()));
    }
    if (c.tasks().size() > 1) {
      s.append(
          String.format(
              Locale.ROOT,
              "%-14s %6s %9s %9s %-24s %-26s %-24s%n",
              "mean",
              "",
              "",
              "",
              c.meanAccuracy().points(),
              c.meanAccuracy().verdict("A", "B"),
              c.meanMacroF1().points()));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "A = %s, B = %s; %d paired-bootstrap resamples of the test examples, seed %d",
            first,
            second,
            c.resamples(),
            c.seed()));
    return s.toString();
  }
}
