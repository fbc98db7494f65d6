package org.mtc.bench.experiment;

import java.util.List;

/**
 * Resident memory of one inference configuration, measured in its own child JVM ({@link
 * MemoryProbe}). Bytes; {@code -1} where not measured. A failed probe has {@code error} set and no
 * measurements.
 *
 * @param configuration e.g. {@code multitask}, {@code single-task emotion}, {@code all single-task,
 *     one JVM}
 * @param modelDirs the model directories loaded
 * @param models how many models the JVM held
 * @param rssAfterLoad VmRSS after loading
 * @param rssAfterPredict VmRSS after predicting {@code texts} texts through every model
 * @param peakRss VmHWM (peak RSS) at the end
 * @param encoderBytes parameter bytes of the encoder(s) loaded
 * @param headBytes parameter bytes of the heads loaded
 * @param loadSeconds time to load the models
 * @param texts texts predicted
 * @param error why the probe failed (exit code and the tail of standard error), or null
 */
public record MemoryRecord(
    String configuration,
    List<String> modelDirs,
    int models,
    long rssAfterLoad,
    long rssAfterPredict,
    long peakRss,
    long encoderBytes,
    long headBytes,
    double loadSeconds,
    int texts,
    String error) {

  public MemoryRecord {
    modelDirs = List.copyOf(modelDirs);
  }

  public boolean ok() {
    return error == null;
  }

  static MemoryRecord failed(String configuration, List<String> modelDirs, String error) {
    return new MemoryRecord(
        configuration, modelDirs, modelDirs.size(), -1, -1, -1, -1, -1, 0, 0, error);
  }
}
