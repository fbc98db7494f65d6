package org.mtc.cli;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mtc.core.Input;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.engine.Engines;
import org.mtc.core.settings.Settings;
import org.mtc.core.task.TaskSet;
import org.mtc.core.task.TaskSpec;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.data.TaskDataLoader;
import org.mtc.tasks.model.MultitaskModel;

/**
 * Measures (not a test; runs only with {@code -Dmtc.measure=true}) what the midas context costs at
 * inference: the nine tasks of conf/dream9.conf on the embedded MiniLM (models/minilm, djl engine,
 * untrained heads: their cost is negligible), midas dev texts in batches of 32, with and without
 * the previous bot utterance. Prints the times and their ratio. Run: {@code mvn -o -q test -pl cli
 * -Dtest=ContextCostMeasurement -Dmtc.measure=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "mtc.measure", matches = "true")
class ContextCostMeasurement {
  @Test
  void nineTasksWithAndWithoutTheMidasContext() {
    Path root = Path.of(System.getProperty("user.dir")).getParent();
    Path data = root.resolveSibling("shared").resolve("data");
    var settings =
        Settings.load(
            List.of(),
            ConfigFactory.parseFile(root.resolve("conf/dream9.conf").toFile())
                .withFallback(
                    ConfigFactory.parseString(
                        "mtc.backbone { engine = djl, trainable-layers = frozen }")));
    List<TaskData> tasks = new ArrayList<>();
    for (TaskSpec spec : TaskSet.from(settings).tasks()) {
      tasks.add(TaskDataLoader.load(spec, data, Optional.empty(), Set.of("train", "dev"), 2000, 1));
    }
    List<Example> midas =
        tasks.stream()
            .filter(t -> t.spec().name().equals("midas"))
            .findFirst()
            .orElseThrow()
            .split("dev");
    List<Input> inputs = midas.stream().map(Example::input).toList();
    List<Input> texts = inputs.stream().map(Input::withoutContext).toList();
    BackboneSpec spec = BackboneSpec.from(settings, root.resolve("models/minilm"));
    try (MultitaskModel model =
        MultitaskModel.create(Engines.discover().open(spec), tasks, settings)) {
      double[] without = new double[5];
      double[] with = new double[5];
      for (int rep = -1; rep < without.length; rep++) { // rep -1 warms up
        long a = System.nanoTime();
        run(model, texts);
        long b = System.nanoTime();
        run(model, inputs);
        long c = System.nanoTime();
        if (rep >= 0) {
          without[rep] = (b - a) / 1e9;
          with[rep] = (c - b) / 1e9;
        }
      }
      Arrays.sort(without);
      Arrays.sort(with);
      System.out.printf(
          Locale.ROOT,
          "%d midas dev texts, 9 tasks, batch 32, max length %d: without context "
              + "median %.3f s (%s), with context median %.3f s (%s), ratio %.2f%n",
          texts.size(),
          settings.getInt("mtc.backbone.max-length"),
          without[2],
          Arrays.toString(without),
          with[2],
          Arrays.toString(with),
          with[2] / without[2]);
      System.out.printf(
          Locale.ROOT,
          "mean tokens per text: %.1f alone, %.1f as a pair%n",
          Arrays.stream(model.backbone().tokenCounts(texts)).average().orElse(0),
          Arrays.stream(model.backbone().tokenCounts(inputs)).average().orElse(0));
    }
  }

  private static void run(MultitaskModel model, List<Input> inputs) {
    for (int from = 0; from < inputs.size(); from += 32) {
      int to = Math.min(inputs.size(), from + 32);
      model.probabilities(inputs.subList(from, to));
    }
  }
}
