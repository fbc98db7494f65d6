package org.mtc.bench.contention;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code mtc bench contention}: for each {@link Variant}, prediction and training throughput
 * measured alone and then beside one {@link BusyLoop} process on the same machine, in a fresh child
 * JVM ({@link ProbeJvm}, {@link ContentionProbe}) with the variant's environment. Alone and busy
 * phases run back to back in that JVM, so their ratio is fair even when other load comes and goes.
 * Single-threaded driver.
 */
public final class ContentionBench {
  /** One timed phase: throughput and the CPU time the measuring process used per item. */
  public record Phase(double perSecond, double cpuMsPerItem, long items, double seconds) {
    static final Phase FAILED = new Phase(Double.NaN, Double.NaN, 0, 0);

    static Phase of(JsonNode n, String items) {
      long count = n.path(items).asLong();
      return new Phase(
          n.path("per_second").asDouble(Double.NaN),
          1e3 * n.path("cpu_seconds").asDouble(Double.NaN) / Math.max(1, count),
          count,
          n.path("seconds").asDouble());
    }
  }

  /**
   * A variant measured alone and beside the busy process, in one child JVM; {@code error} is set
   * and the phases are {@link Phase#FAILED} when the child failed.
   */
  public record Row(
      String variant,
      String engine,
      String waitEnv,
      Phase predictAlone,
      Phase predictBusy,
      Phase trainAlone,
      Phase trainBusy,
      String error) {
    static Row of(Variant v, ProbeJvm.Result r) {
      if (!r.ok()) {
        return new Row(
            v.name(),
            v.engine(),
            "",
            Phase.FAILED,
            Phase.FAILED,
            Phase.FAILED,
            Phase.FAILED,
            r.error());
      }
      JsonNode p = r.json().path("predict");
      JsonNode t = r.json().path("train");
      return new Row(
          v.name(),
          v.engine(),
          r.json().path("wait_env").asText(),
          Phase.of(p.path("alone"), "texts"),
          Phase.of(p.path("busy"), "texts"),
          Phase.of(t.path("alone"), "examples"),
          Phase.of(t.path("busy"), "examples"),
          null);
    }

    public boolean ok() {
      return error == null;
    }

    public double predictRatio() {
      return predictBusy.perSecond() / predictAlone.perSecond();
    }

    public double trainRatio() {
      return trainBusy.perSecond() / trainAlone.perSecond();
    }
  }

  /** Everything one run measured. */
  public record Report(
      String machine,
      String loadBefore,
      String loadAfter,
      int texts,
      int batch,
      int trainSteps,
      int rounds,
      double maxSeconds,
      List<Row> rows) {}

  private final ProbeJvm jvm;
  private final Consumer<String> progress;

  /**
   * @param progress receives a line per configuration
   */
  public ContentionBench(
      List<String> jvmOptions, long childTimeoutSeconds, Path logDir, Consumer<String> progress) {
    this.jvm = new ProbeJvm(jvmOptions, childTimeoutSeconds, logDir);
    this.progress = progress;
  }

  /** Measures every variant; {@code template} supplies everything but the engine and settings. */
  public Report run(List<Variant> variants, ProbePlan template) {
    String before = loadAverage();
    List<Row> rows = new ArrayList<>();
    int i = 0;
    for (Variant v : variants) {
      i++;
      ProbePlan plan =
          new ProbePlan(
              v.engine(),
              template.backbone(),
              template.tasksFile(),
              template.tasks(),
              template.dataDir(),
              template.textsFile(),
              template.texts(),
              template.batch(),
              template.warmupSteps(),
              template.trainSteps(),
              template.maxTrainPerTask(),
              template.rounds(),
              template.maxSeconds(),
              v.settings());
      String name = String.format("%02d-%s", i, v.name().replaceAll("[^\\w.-]+", "_"));
      progress.accept("  " + v.name() + ": alone, then beside one busy process ...");
      Row row = Row.of(v, jvm.run(name, v, plan));
      progress.accept(
          row.ok()
              ? String.format(
                  Locale.ROOT,
                  "    predict %.1f -> %.1f texts/s, train %.1f " + "-> %.1f examples/s",
                  row.predictAlone().perSecond(),
                  row.predictBusy().perSecond(),
                  row.trainAlone().perSecond(),
                  row.trainBusy().perSecond())
              : "    FAILED: " + row.error());
      rows.add(row);
    }
    String machine =
        Runtime.getRuntime().availableProcessors()
            + " processors, "
            + System.getProperty("os.arch")
            + ", "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.version");
    return new Report(
        machine,
        before,
        loadAverage(),
        template.texts(),
        template.batch(),
        template.trainSteps(),
        template.rounds(),
        template.maxSeconds(),
        rows);
  }

  /** The 1, 5 and 15 minute load averages of the machine ({@code /proc/loadavg}), or "unknown". */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
