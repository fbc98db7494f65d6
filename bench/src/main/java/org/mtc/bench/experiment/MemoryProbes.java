package org.mtc.bench.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The memory measurements of the experiment, each in its own child JVM: the multitask model, each
 * single-task model, and every single-task model loaded together. Failed probes come back as failed
 * records.
 */
final class MemoryProbes {
  private final BenchSettings bench;
  private final ChildJvm jvm;
  private final Path settingsFile;
  private final Path textsFile;
  private final BenchProgress progress;

  MemoryProbes(
      BenchSettings bench, Path logDir, Path settingsFile, Path textsFile, BenchProgress progress) {
    this.bench = bench;
    this.jvm = new ChildJvm(bench.childJvmOptions(), bench.childTimeoutSeconds(), logDir);
    this.settingsFile = settingsFile;
    this.textsFile = textsFile;
    this.progress = progress;
  }

  List<MemoryRecord> run(Optional<Path> multitask, Map<String, Path> singles) {
    List<MemoryRecord> out = new ArrayList<>();
    multitask.ifPresent(dir -> out.add(probe(Experiment.MULTITASK, "multitask", List.of(dir))));
    singles.forEach(
        (task, dir) -> out.add(probe("single-task " + task, "single-task-" + task, List.of(dir))));
    if (singles.size() > 1) {
      out.add(probe(Experiment.ALL_SINGLE, "all-single-task", List.copyOf(singles.values())));
    }
    return out;
  }

  private MemoryRecord probe(String configuration, String name, List<Path> dirs) {
    MemoryRecord r =
        jvm.probe(
            configuration,
            name.replaceAll("[^\\w.-]", "_"),
            settingsFile,
            textsFile,
            bench.memoryTexts(),
            bench.speedBatchSize(),
            dirs);
    progress.message(
        r.ok()
            ? String.format(
                Locale.ROOT,
                "  %s: RSS %.0f MB after load, %.0f MB after %d texts (peak %.0f MB)",
                configuration,
                r.rssAfterLoad() / 1e6,
                r.rssAfterPredict() / 1e6,
                r.texts(),
                r.peakRss() / 1e6)
            : "  " + configuration + ": FAILED " + r.error());
    return r;
  }
}
