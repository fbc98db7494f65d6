package org.mtc.bench;

import com.typesafe.config.ConfigFactory;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mtc.bench.contention.ContentionBench;
import org.mtc.bench.contention.ContentionReport;
import org.mtc.bench.contention.ProbePlan;
import org.mtc.bench.contention.Variant;
import org.mtc.cli.IgnoredOptions;
import org.mtc.core.MtcException;
import org.mtc.core.settings.Settings;
import org.mtc.library.DefaultBackbone;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mtc bench contention}: how prediction and training throughput hold up when another
 * CPU-bound process shares the machine. Every configuration runs in its own child JVM (native
 * thread-pool variables only take effect at process start), alone and then beside one busy-loop
 * process, with the engines' old defaults (spinning thread pools) and mtc's defaults (idle threads
 * sleep). Prints a markdown table; {@code --out DIR} also writes {@code contention.md} and {@code
 * contention.json}.
 */
@Command(
    name = "contention",
    mixinStandardHelpOptions = true,
    description =
        "Prediction and training throughput alone and beside one busy process, old vs new thread "
            + "defaults, per engine.")
public final class ContentionBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Inject DefaultBackbone defaultBackbone;

  @Option(
      names = "--engines",
      defaultValue = "djl,onnx",
      split = ",",
      paramLabel = "ENGINE",
      description =
          "Engines whose old and new defaults are measured: djl, onnx, tf (default djl,onnx).")
  List<String> engines;

  @Option(
      names = "--variant",
      paramLabel = "NAME:ENGINE[:KEY=VALUE,...]",
      description =
          "An extra configuration (repeatable): upper-case keys are environment variables (an empty "
              + "value unsets one), mtc.* keys are settings, e.g. 'one thread:djl:mtc.backbone.djl.threads=1'.")
  List<String> variants = new ArrayList<>();

  @Option(names = "--no-builtin", description = "Measure only the --variant configurations.")
  boolean noBuiltin;

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description =
          "Backbone directory (default models/minilm if present, else the embedded all-MiniLM-L6-v2).")
  Path model;

  @Option(
      names = "--tasks",
      paramLabel = "FILE",
      description = "Task set (default conf/dream9.conf).")
  Path tasksFile;

  @Option(
      names = "--only",
      defaultValue = "emotion,sentiment",
      split = ",",
      paramLabel = "TASK",
      description = "Tasks trained and predicted (default emotion,sentiment).")
  List<String> only;

  @Mixin TaskDataOption taskData;

  @Option(
      names = "--texts",
      paramLabel = "FILE",
      description = "Texts to predict (default DATA/emotion/test.tsv).")
  Path texts;

  @Option(
      names = "--limit",
      defaultValue = "1000",
      description = "Texts predicted (the first N; default 1000).")
  int limit;

  @Option(
      names = "--batch",
      defaultValue = "32",
      description = "Texts per prediction call (default 32).")
  int batch;

  @Option(
      names = "--train-steps",
      defaultValue = "6",
      description = "Training steps per timed phase (default 6).")
  int trainSteps;

  @Option(
      names = "--rounds",
      defaultValue = "2",
      description =
          "Rounds of (alone, busy) phases per configuration; the best of each is reported (default 2).")
  int rounds;

  @Option(
      names = "--warmup-steps",
      defaultValue = "2",
      description = "Untimed training steps first (default 2).")
  int warmupSteps;

  @Option(
      names = "--max-train-per-task",
      defaultValue = "1000",
      description = "Training examples read per task.")
  int maxTrainPerTask;

  @Option(
      names = "--max-seconds",
      defaultValue = "15",
      description = "Each timed phase stops after this many seconds (default 15).")
  double maxSeconds;

  @Option(
      names = "--child-timeout",
      defaultValue = "300",
      description = "Seconds a child JVM may take in all.")
  long childTimeout;

  @Option(
      names = "--jvm-option",
      paramLabel = "OPTION",
      description = "Child JVM option (repeatable; default -Xmx4g).")
  List<String> jvmOptions = new ArrayList<>();

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Write contention.md, contention.json and logs here.")
  Path out;

  @Override
  public Integer call() throws Exception {
    checkNumbers();
    List<Variant> list = configurations();
    var settings = Settings.load(List.of(), ConfigFactory.empty());
    Path data = taskData.resolve();
    Path textFile = texts != null ? texts : TaskDataOption.defaultTexts(data);
    if (!Files.isRegularFile(textFile)) {
      throw new MtcException(
          "texts " + textFile + " not found; pass --texts FILE or --data-dir DIR");
    }
    Path backbone =
        model != null
            ? model
            : Files.isDirectory(Path.of("models", "minilm"))
                ? Path.of("models", "minilm")
                : defaultBackbone.resolve(Optional.empty(), settings, notice -> {});
    Path tasks =
        tasksFile != null
            ? tasksFile
            : Path.of(System.getProperty("mtc.home", "."), "conf", "dream9.conf");
    if (!Files.isRegularFile(tasks)) {
      throw new MtcException("task set " + tasks + " not found; pass --tasks FILE");
    }
    Path logs =
        out != null ? out.resolve("logs") : Files.createTempDirectory("mtc-contention-logs-");
    ProbePlan template = template(backbone, tasks, data, textFile);
    System.err.println(
        "mtc bench contention: "
            + list.size()
            + " configurations x (alone, busy), child logs in "
            + logs);
    ContentionBench.Report report =
        new ContentionBench(
                jvmOptions.isEmpty() ? List.of("-Xmx4g") : jvmOptions,
                childTimeout,
                logs,
                System.err::println)
            .run(list, template);
    String md = ContentionReport.markdown(report);
    System.out.print(md);
    if (out != null) {
      ContentionReport.write(report, md, out);
    }
    boolean failed = report.rows().stream().anyMatch(r -> !r.ok());
    return failed ? 1 : 0;
  }

  private void checkNumbers() {
    if (limit < 1
        || batch < 1
        || trainSteps < 1
        || rounds < 1
        || warmupSteps < 0
        || maxTrainPerTask < 1
        || !(maxSeconds > 0)) {
      throw new MtcException(
          "bench contention: --limit, --batch, --train-steps, --rounds, --max-train-per-task and "
              + "--max-seconds must be positive and --warmup-steps 0 or more");
    }
  }

  /**
   * The built-in configurations of {@code --engines} (unless --no-builtin), then each --variant.
   */
  private List<Variant> configurations() {
    if (noBuiltin) {
      IgnoredOptions.of(spec)
          .refuse(
              "with --no-builtin: it picks the engines of the built-in configurations; "
                  + "drop it, or name each engine in a --variant",
              "--engines");
    }
    List<Variant> list = new ArrayList<>();
    if (!noBuiltin) {
      for (String e : engines) {
        list.addAll(Variant.builtIn(e.strip().toLowerCase(Locale.ROOT)));
      }
    }
    variants.forEach(v -> list.add(Variant.parse(v)));
    if (list.isEmpty()) {
      throw new MtcException(
          "bench contention: nothing to measure (--no-builtin without --variant)");
    }
    return list;
  }

  /** What every configuration probes; each variant supplies the engine and settings. */
  private ProbePlan template(Path backbone, Path tasks, Path data, Path textFile) {
    return new ProbePlan(
        "",
        abs(backbone),
        abs(tasks),
        only,
        abs(data),
        abs(textFile),
        limit,
        batch,
        warmupSteps,
        trainSteps,
        maxTrainPerTask,
        rounds,
        maxSeconds,
        Map.of());
  }

  private static String abs(Path p) {
    return p.toAbsolutePath().normalize().toString();
  }
}
