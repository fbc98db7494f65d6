package org.mtc.bench.engines;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.mtc.core.Input;
import org.mtc.core.TaskHead;
import org.mtc.core.engine.Engines;
import org.mtc.core.settings.Settings;
import org.mtc.core.task.TaskSpec;
import org.mtc.onnx.ExportedModel;
import org.mtc.onnx.OnnxSettings;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.data.TaskDataLoader;
import org.mtc.tasks.model.MultitaskModel;

/**
 * Compares an exported multitask graph (run by ONNX Runtime) with the trained model it came from
 * (run by djl) on every task's split: share of texts with the same predicted labels (argmax;
 * thresholds for multi-label) and the max abs difference of probabilities. Single-threaded; opens
 * and closes both models.
 */
public final class ExportParity {
  private final Engines engines;

  public ExportParity(Engines engines) {
    this.engines = engines;
  }

  /** The markdown table of the comparison. */
  public String run(Path exported, Path model, Path dataDir, String split, int batch) {
    return run(exported, model, dataDir, split, batch, 0);
  }

  /** As above, on the first {@code limit} texts of each task's split (0: all). */
  public String run(Path exported, Path model, Path dataDir, String split, int batch, int limit) {
    Config djlSettings =
        Settings.load(
            List.of(),
            ConfigFactory.parseString("mtc.backbone { engine = djl, trainable-layers = frozen }"));
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Exported graph %s vs the djl model %s, %s "
                    + "split:%n%n| task | texts | same labels | max abs diff of probabilities |%n|---|---:|---:|---:|%n",
                exported,
                model,
                split));
    long texts = 0;
    long same = 0;
    double worst = 0;
    try (MultitaskModel djl = MultitaskModel.load(model, engines, djlSettings);
        ExportedModel onnx =
            ExportedModel.open(exported, OnnxSettings.DEFAULTS.withBatchSize(batch))) {
      for (TaskSpec spec : djl.tasks().tasks()) {
        TaskParity p = compare(djl, onnx, spec, dataDir, split, batch, limit);
        System.err.printf(
            Locale.ROOT,
            "%s: %d/%d same labels, max abs diff %.2e%n",
            spec.name(),
            p.agree(),
            p.texts(),
            p.diff());
        texts += p.texts();
        same += p.agree();
        worst = Math.max(worst, p.diff());
        b.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %d (%.2f%%) | %.2e |%n",
                spec.name(),
                p.texts(),
                p.agree(),
                100.0 * p.agree() / p.texts(),
                p.diff()));
      }
    }
    b.append(
        String.format(
            Locale.ROOT,
            "| all | %d | %d (%.2f%%) | %.2e |%n",
            texts,
            same,
            100.0 * same / texts,
            worst));
    return b.toString();
  }

  /** One task's comparison: texts compared, texts with the same labels, max abs difference. */
  private record TaskParity(int texts, int agree, double diff) {}

  /** Compares the two models on {@code spec}'s split, in chunks of {@code batch} texts. */
  private static TaskParity compare(
      MultitaskModel djl,
      ExportedModel onnx,
      TaskSpec spec,
      Path dataDir,
      String split,
      int batch,
      int limit) {
    TaskHead head = djl.head(spec.name());
    List<Example> examples =
        TaskDataLoader.load(spec, dataDir, Optional.of(head.labels()), Set.of(split), 0, 0)
            .split(split);
    if (limit > 0 && examples.size() > limit) {
      examples = examples.subList(0, limit);
    }
    int agree = 0;
    double diff = 0;
    for (int start = 0; start < examples.size(); start += batch) {
      List<Input> chunk = new ArrayList<>(); // the texts alone, as before pairs existed
      for (Example e : examples.subList(start, Math.min(examples.size(), start + batch))) {
        chunk.add(e.input().withoutContext());
      }
      float[][] a = djl.probabilities(spec.name(), chunk);
      float[][] o = onnx.probabilities(chunk).get(spec.name());
      for (int i = 0; i < a.length; i++) {
        agree += labels(a[i], head).equals(labels(o[i], head)) ? 1 : 0;
        for (int j = 0; j < a[i].length; j++) {
          diff = Math.max(diff, Math.abs(a[i][j] - o[i][j]));
        }
      }
    }
    return new TaskParity(examples.size(), agree, diff);
  }

  /** The labels {@code head}'s kind decides from one row of probabilities. */
  private static List<Integer> labels(float[] p, TaskHead head) {
    return Arrays.stream(head.kind().decide(p, head.thresholds())).boxed().toList();
  }
}
