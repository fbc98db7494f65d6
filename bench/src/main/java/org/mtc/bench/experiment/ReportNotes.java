package org.mtc.bench.experiment;

import java.util.List;
import java.util.Locale;
import org.mtc.tasks.train.TrainSettings;

/**
 * The notes a bench report ends with: how the models were scored, what the intervals and the memory
 * mean.
 */
final class ReportNotes {
  private ReportNotes() {}

  static List<String> of(BenchSettings bench, TrainSettings train) {
    return List.of(
        (bench.maxTestPerTask() == 0
                ? "Every model is scored on every example of the test split of each of its "
                    + "tasks (a single-task model on its own task only)."
                : String.format(
                    Locale.ROOT,
                    "SAMPLED test sets: every model is scored on the same seeded sample of "
                        + "at most %d test examples per task (mtc.bench.max-test-per-task; 0 scores whole test splits).",
                    bench.maxTestPerTask()))
            + String.format(
                Locale.ROOT,
                " Training used at most %s examples per task (mtc.train.max-train-per-task, "
                    + "one seeded sample for every model and seed) and %d epoch(s), the same for the multitask and every "
                    + "single-task model.",
                cap(train.maxTrainPerTask()),
                train.epochs()),
        String.format(
            Locale.ROOT,
            "Intervals: 95%% paired bootstrap over the test examples (%d resamples, seed %d): "
                + "both models are scored on the same resampled examples, and a difference whose interval excludes 0 is "
                + "called significant. With several seeds the interval of the mean over seeds is Student's t over the "
                + "seeds (training randomness: head initialisation, batch order, dropout).",
            bench.bootstrapResamples(),
            train.seed()),
        "Memory: each configuration is loaded for inference in its own child JVM; RSS is VmRSS/VmHWM from "
            + "/proc/self/status. 'sum of separate JVMs' adds up the single-task JVMs (one service per model, each "
            + "with its own JVM and engine runtime); '"
            + Experiment.ALL_SINGLE
            + "' loads every single-task model into one "
            + "JVM (what one service holding all nine models would use).",
        "Peak RSS during training is sampled in the bench JVM every 200 ms; runs after the first inherit that "
            + "JVM's already grown heap, so only the multitask (first) figure is a clean peak.",
        "Times are wall-clock on a machine that may be shared; multitask and single-task passes alternate on "
            + "the same texts, so their ratio is fairer than either absolute number.");
  }

  private static String cap(int n) {
    return n == 0 ? "all" : Integer.toString(n);
  }
}
