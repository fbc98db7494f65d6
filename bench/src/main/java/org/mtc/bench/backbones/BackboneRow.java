package org.mtc.bench.backbones;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One backbone's line of the leaderboard: what its multitask model scored on the test splits, how
 * large and how fast it is. A failed backbone has {@code failure} set and NaN or -1 in what was not
 * measured. Immutable; serialised as {@code row.json} in the backbone's run directory so a resumed
 * run keeps finished backbones.
 *
 * @param backbone the name given ({@code minilm}, {@code bge-small}, or a directory)
 * @param directory the backbone directory trained on, or "" when it was never resolved
 * @param layers transformer layers (-1 when unknown)
 * @param hidden hidden size (-1 when unknown)
 * @param parameters encoder parameters (-1 when unknown)
 * @param accuracy test accuracy of the multitask model per task (exact match for multi-label tasks)
 * @param macroF1 test macro-F1 of the multitask model per task
 * @param singleTaskMeanAccuracy the mean test accuracy of the single-task models (NaN without
 *     {@code --single})
 * @param trainExamplesPerSecond multitask training examples per second of optimisation (NaN when
 *     unknown)
 * @param trainSeconds wall time of the multitask training, evaluations included
 * @param textsPerSecond texts per second answering every task on the inference engine (NaN when
 *     unknown)
 * @param peakRssBytes peak resident memory of a child JVM that loads the multitask model and
 *     predicts (-1: unknown)
 * @param failure why the backbone has no result (import, training or scoring), or null
 */
public record BackboneRow(
    String backbone,
    String directory,
    int layers,
    int hidden,
    long parameters,
    Map<String, Double> accuracy,
    Map<String, Double> macroF1,
    double singleTaskMeanAccuracy,
    double trainExamplesPerSecond,
    double trainSeconds,
    double textsPerSecond,
    long peakRssBytes,
    String failure) {

  public BackboneRow {
    Objects.requireNonNull(backbone, "backbone");
    accuracy = Collections.unmodifiableMap(new LinkedHashMap<>(accuracy));
    macroF1 = Collections.unmodifiableMap(new LinkedHashMap<>(macroF1));
  }

  /** A backbone that could not be measured, and why. */
  public static BackboneRow failed(String backbone, String directory, String failure) {
    return new BackboneRow(
        backbone,
        directory,
        -1,
        -1,
        -1,
        Map.of(),
        Map.of(),
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        -1,
        failure);
  }

  /** This row with {@code textsPerSecond} replaced (a side-by-side timing of every backbone). */
  public BackboneRow withTextsPerSecond(double value) {
    return new BackboneRow(
        backbone,
        directory,
        layers,
        hidden,
        parameters,
        accuracy,
        macroF1,
        singleTaskMeanAccuracy,
        trainExamplesPerSecond,
        trainSeconds,
        value,
        peakRssBytes,
        failure);
  }

  public boolean ok() {
    return failure == null;
  }

  /** The mean of the per-task test accuracies; NaN without any. */
  public double meanAccuracy() {
    return accuracy.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /** The mean of the per-task test macro-F1s; NaN without any. */
  public double meanMacroF1() {
    return macroF1.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }
}
