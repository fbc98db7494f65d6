package org.mtc.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mtc.library.Mtc;
import org.mtc.library.MtcOptions;
import org.mtc.tasks.compose.Calibration;
import org.mtc.tasks.compose.DevOffsets;
import org.mtc.tasks.compose.Provenance;
import org.mtc.tasks.data.DataDirectory;
import org.mtc.tasks.eval.OffsetTuning;
import org.mtc.tasks.predict.Classifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mtc calibrate}: writes a trained model whose single-label tasks decide with per-label
 * offsets tuned on their dev split, folded into their classifier biases ({@link Calibration}); no
 * retraining, same shapes, so every engine and an export run it unchanged.
 */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    description = {
      "Write a trained model whose single-label tasks decide argmax(log p + b), with per-label "
          + "offsets b tuned on each task's dev split (coordinate search over [-3, 3], step 0.25) "
          + "and added to the task's classifier bias. Nothing is retrained; multi-label tasks and "
          + "every other tensor are copied bit for bit; provenance.json records the offsets."
    })
final class CalibrateCommand implements Callable<Integer> {
  @Mixin SettingsOptions settingsOptions;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description =
          "Trained model directory (or a training run directory holding model/); only read.")
  Path model;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "The new model directory to write (beside the source, never inside it).")
  Path out;

  @Option(
      names = "--only",
      split = ",",
      paramLabel = "TASK",
      description = "Calibrate only these single-label tasks (default: all of them).")
  List<String> only = List.of();

  @Option(
      names = "--metric",
      defaultValue = "macro-f1",
      paramLabel = "METRIC",
      description = "What the offsets maximise on dev: macro-f1 (default) or accuracy.")
  String metric;

  @Option(
      names = "--overwrite",
      description =
          "Replace an existing --out that is a model directory (never the source, a run directory "
              + "or any other folder).")
  boolean overwrite;

  @Override
  public Integer call() {
    long start = System.nanoTime();
    OffsetTuning.Metric m = OffsetTuning.Metric.parse(metric);
    Calibration.Plan plan = Calibration.plan(model, only, out, overwrite);
    Path dataDir =
        DataDirectory.resolve(
            settingsOptions.load(List.of(), Map.of()),
            Optional.ofNullable(settingsOptions.dataDir));
    DevOffsets.Outcome outcome;
    try (Classifier classifier = Mtc.open(plan.modelDir(), MtcOptions.defaults())) {
      outcome = DevOffsets.tune(plan, classifier, dataDir, m, System.err::println);
    }
    outcome
        .skipped()
        .forEach(
            t ->
                System.err.println(
                    "mtc: skipped task '"
                        + t
                        + "': no dev split under "
                        + dataDir
                        + "; it is left as it was"));
    String digest =
        Calibration.write(
            plan,
            m,
            outcome.tuned(),
            outcome.skipped(),
            Main.commandLine() == null ? "" : Main.commandLine());
    report(outcome, m, plan);
    System.err.printf(
        Locale.ROOT,
        "wrote %s in %.1f s from %s (sha256 %s, recorded in %s with the offsets)%n",
        out,
        (System.nanoTime() - start) / 1e9,
        plan.modelDir(),
        digest.substring(0, 12),
        Provenance.FILE);
    return 0;
  }

  /** One line per calibrated task (dev metric before and after, offsets), then the unchanged. */
  private static void report(
      DevOffsets.Outcome outcome, OffsetTuning.Metric m, Calibration.Plan plan) {
    for (DevOffsets.Tuned t : outcome.tuned()) {
      StringBuilder offsets = new StringBuilder();
      for (int j = 0; j < t.labels().size(); j++) {
        offsets.append(j == 0 ? "" : ", ").append(t.labels().get(j));
        offsets.append(String.format(Locale.ROOT, " %+.2f", t.result().offsets()[j]));
      }
      System.err.printf(
          Locale.ROOT,
          "%s: dev %s %.4f -> %.4f (%d examples); offsets %s%n",
          t.task(),
          m.configName(),
          t.result().before(),
          t.result().after(),
          t.examples(),
          offsets);
    }
    if (!plan.unchanged().isEmpty()) {
      System.err.println(
          "unchanged, bit for bit: "
              + String.join(", ", plan.unchanged())
              + " (multi-label tasks keep the thresholds tuned on dev in training; single-label "
              + "tasks left out of --only keep their biases)");
    }
  }
}
