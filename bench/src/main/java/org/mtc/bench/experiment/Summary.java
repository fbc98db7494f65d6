package org.mtc.bench.experiment;

import java.util.List;
import java.util.Optional;

/**
 * Memory figures derived from a run's probes (bytes; NaN where missing): the multitask model, the
 * mean and the sum of the separate single-task JVMs (only when every single-task probe succeeded),
 * all single-task models in one JVM, and parameter bytes.
 */
record Summary(
    double multitaskPeak,
    double meanSinglePeak,
    double sumSinglePeak,
    double allInOnePeak,
    double multitaskParams,
    double sumSingleParams) {

  static Summary of(BenchResult r) {
    Optional<MemoryRecord> mt = find(r, Experiment.MULTITASK);
    Optional<MemoryRecord> all = find(r, Experiment.ALL_SINGLE);
    List<MemoryRecord> singles =
        r.memory().stream().filter(m -> m.configuration().startsWith("single-task ")).toList();
    boolean complete =
        !singles.isEmpty()
            && singles.stream().allMatch(MemoryRecord::ok)
            && singles.size() == r.singleTask().size();
    double sum = complete ? singles.stream().mapToDouble(MemoryRecord::peakRss).sum() : Double.NaN;
    double sumParams =
        complete
            ? singles.stream().mapToDouble(m -> m.encoderBytes() + m.headBytes()).sum()
            : Double.NaN;
    return new Summary(
        mt.filter(MemoryRecord::ok).map(m -> (double) m.peakRss()).orElse(Double.NaN),
        complete ? sum / singles.size() : Double.NaN,
        sum,
        all.filter(MemoryRecord::ok).map(m -> (double) m.peakRss()).orElse(Double.NaN),
        mt.filter(MemoryRecord::ok)
            .map(m -> (double) (m.encoderBytes() + m.headBytes()))
            .orElse(Double.NaN),
        sumParams);
  }

  private static Optional<MemoryRecord> find(BenchResult r, String configuration) {
    return r.memory().stream().filter(m -> m.configuration().equals(configuration)).findFirst();
  }
}
