package org.mtc.bench.experiment;

/**
 * Throughput of answering every task for the same texts: one multitask model (one encoder pass per
 * batch, then every head) vs every single-task model in turn (one encoder pass per model). Seconds
 * are the fastest of the alternating rounds; {@code encoderSeconds} and {@code headsSeconds} split
 * the multitask round that counted.
 *
 * @param texts texts answered per round
 * @param batchSize texts per encoder pass
 * @param tasks tasks answered
 * @param multitaskSeconds time of the multitask model for all texts
 * @param singleTaskSeconds time of all single-task models for all texts
 * @param encoderSeconds the multitask encoder's share of {@code multitaskSeconds}
 * @param headsSeconds the heads' share of {@code multitaskSeconds}
 * @param rounds rounds run
 */
public record SpeedRecord(
    int texts,
    int batchSize,
    int tasks,
    double multitaskSeconds,
    double singleTaskSeconds,
    double encoderSeconds,
    double headsSeconds,
    int rounds) {

  public double multitaskTextsPerSecond() {
    return texts / multitaskSeconds;
  }

  public double singleTaskTextsPerSecond() {
    return texts / singleTaskSeconds;
  }

  /** How many times faster the multitask model answers all tasks. */
  public double speedup() {
    return singleTaskSeconds / multitaskSeconds;
  }

  /** Time in the heads relative to the encoder's time on the same batches. */
  public double headsOverEncoder() {
    return headsSeconds / encoderSeconds;
  }
}
