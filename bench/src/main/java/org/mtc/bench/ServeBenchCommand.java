package org.mtc.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mtc.bench.serve.ServeBench;
import org.mtc.bench.serve.ServeBenchRun;
import org.mtc.cli.IgnoredOptions;
import org.mtc.core.MtcException;
import org.mtc.library.Mtc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mtc bench serve}: {@code mtc serve} in a child JVM driven on loopback by closed-loop
 * clients, with dynamic batching on, then off, side by side, and offline predict for reference;
 * writes serve.md, serve.json and serve.png (docs/serve.md).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Load-test mtc serve on loopback: throughput, p50/p95/p99, errors and server peak RSS with "
            + "dynamic batching on and off.")
public final class ServeBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "Trained model directory or exported .onnx file to serve.")
  Path model;

  @Option(
      names = "--engine",
      defaultValue = "onnx",
      description = "Engine of the server (default onnx).")
  String engine;

  @Option(
      names = "--clients",
      defaultValue = "16",
      description = "Concurrent closed-loop clients (default 16).")
  int clients;

  @Option(
      names = "--seconds",
      defaultValue = "30",
      description = "Length of each measured phase (default 30).")
  double seconds;

  @Option(
      names = "--warmup-seconds",
      defaultValue = "30",
      description =
          "Unmeasured load on each server "
              + "before its first phase (default 30: with 5 the first phase ran well below the later ones).")
  double warmupSeconds;

  @Option(
      names = "--max-batch",
      defaultValue = "32",
      description = "max-batch with batching on (default 32).")
  int maxBatch;

  @Option(
      names = "--max-delay",
      defaultValue = "5ms",
      description = "max-delay with batching on (default 5ms).")
  String maxDelay;

  @Option(
      names = "--texts",
      paramLabel = "FILE",
      description =
          "TSV with a text column to send (default DATA/emotion/test.tsv, the first 2000).")
  Path texts;

  @Mixin TaskDataOption taskData;

  @Option(
      names = "--jvm-option",
      paramLabel = "OPTION",
      description =
          "Server JVM option (repeatable; default -Xmx256m -XX:+UseSerialGC: a small heap, as in a small "
              + "container; the weights live outside it).")
  List<String> jvmOptions = new ArrayList<>();

  @Option(
      names = "--server-set",
      paramLabel = "KEY=VALUE",
      description =
          "A setting of both servers, e.g. mtc.backbone.onnx.intra-op-threads=1 (repeatable).")
  List<String> serverSettings = new ArrayList<>();

  @Option(
      names = "--start-timeout",
      defaultValue = "180",
      description = "Seconds a server may take to be ready.")
  long startTimeout;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Run directory (default runs/bench-serve-<time>).")
  Path out;

  @Override
  public Integer call() throws Exception {
    checkRanges();
    IgnoredOptions ignored = IgnoredOptions.of(spec);
    if (texts != null) {
      ignored.warn(
          "with --texts: the data folder is only read for the default texts", "--data-dir");
    }
    if (!Files.exists(model)) {
      throw new MtcException(
          "--model " + model + " does not exist; pass a trained model directory or .onnx file");
    }
    Mtc.checkEngine(model, ignored.given("--engine") ? engine : null);
    Path textFile = texts != null ? texts : TaskDataOption.defaultTexts(taskData.resolve());
    List<String> lines = ServeBenchRun.readTexts(textFile, 2000);
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    Path run = out != null ? out : Path.of("runs", "bench-serve-" + stamp);
    Files.createDirectories(run);
    List<String> options =
        jvmOptions.isEmpty() ? List.of("-Xmx256m", "-XX:+UseSerialGC") : jvmOptions;
    Map<String, String> facts = new LinkedHashMap<>(BenchRuns.versions(spec, stamp));
    facts.put("model", model + " on " + engine);
    facts.put("texts", textFile + " (" + lines.size() + ")");
    facts.put("server JVM options", String.join(" ", options));
    facts.put(
        "server settings",
        serverSettings.isEmpty() ? "(defaults)" : String.join(" ", serverSettings));
    ServeBench bench =
        new ServeBench(
            model,
            engine,
            lines,
            clients,
            seconds,
            warmupSeconds,
            maxBatch,
            maxDelay,
            options,
            serverSettings,
            run.resolve("logs"),
            startTimeout);
    ServeBenchRun.run(bench, run, BenchRuns.command(spec), facts);
    return 0;
  }

  private void checkRanges() {
    if (clients < 1
        || clients > 1024
        || !(seconds > 0)
        || seconds > 3600
        || warmupSeconds < 0
        || maxBatch < 1) {
      throw new MtcException(
          "bench serve: --clients must be 1-1024, --seconds in (0, 3600], --warmup-seconds 0 or "
              + "more and --max-batch 1 or more");
    }
  }
}
