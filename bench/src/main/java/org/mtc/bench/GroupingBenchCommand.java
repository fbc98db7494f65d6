package org.mtc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.mtc.bench.experiment.JavaLauncher;
import org.mtc.cli.Main;
import org.mtc.core.MtcException;
import org.mtc.core.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mtc bench grouping}: the same training run with length-grouped batches on and then off,
 * each in a fresh JVM ({@code mtc train} as a child process, same data, seed and settings), and a
 * table of what grouping changes: examples/s, padding, the roofline share, mean dev accuracy and
 * peak RSS. Writes {@code grouping.md} and {@code grouping.json} into {@code --out}.
 */
@Command(
    name = "grouping",
    mixinStandardHelpOptions = true,
    description =
        "Train the same run with mtc.train.group-by-length on and off (fresh JVMs) and compare speed, "
            + "padding and dev accuracy.")
public final class GroupingBenchCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Where the two runs and the report go.")
  Path out;

  @Option(
      names = "--timeout",
      defaultValue = "7200",
      description = "Seconds allowed per training (default 7200).")
  long timeout;

  @Parameters(
      paramLabel = "TRAIN-ARGS",
      description =
          "Arguments of `mtc train` except --out, e.g. --tasks "
              + "conf/dream9.conf --backbone models/minilm --max-train-per-task 2000")
  List<String> trainArgs = new ArrayList<>();

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (trainArgs.contains("--out")
        || trainArgs.contains("--overwrite")
        || trainArgs.contains("--resume")) {
      throw new MtcException(
          "give the training arguments without --out, --overwrite or --resume; the bench "
              + "writes its two runs under --out "
              + out);
    }
    if (Files.exists(out)) {
      throw new MtcException("--out " + out + " already exists; choose a new directory");
    }
    Files.createDirectories(out);
    ArrayNode runs = JSON.createArrayNode();
    for (boolean group : new boolean[] {true, false}) {
      Path run = out.resolve(group ? "grouped" : "plain");
      runs.add(train(run, group));
    }
    String md = markdown(runs);
    System.out.print(md);
    AtomicFiles.writeString(out.resolve("grouping.md"), md);
    AtomicFiles.writeString(
        out.resolve("grouping.json"),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(runs));
    return 0;
  }

  private JsonNode train(Path run, boolean group) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("train", "--roofline"));
    command.addAll(trainArgs);
    command.addAll(List.of("--out", run.toString(), "--set", "mtc.train.group-by-length=" + group));
    System.err.println(
        "mtc bench grouping: training with group-by-length=" + group + " (log: " + run + ".log)");
    ProcessBuilder pb =
        JavaLauncher.processBuilder(List.of(), Main.class, command)
            .redirectErrorStream(true)
            .redirectOutput(out.resolve(run.getFileName() + ".log").toFile());
    Process p = JavaLauncher.start(pb);
    if (!p.waitFor(timeout, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new MtcException(
          "training with group-by-length=" + group + " took more than " + timeout + " s");
    }
    if (p.exitValue() != 0) {
      throw new MtcException(
          "training with group-by-length="
              + group
              + " failed (exit "
              + p.exitValue()
              + "); see "
              + out.resolve(run.getFileName() + ".log"));
    }
    JsonNode metrics = JSON.readTree(run.resolve("metrics.json").toFile());
    var row = JSON.createObjectNode();
    row.put("group_by_length", group);
    row.set("throughput", metrics.path("throughput"));
    row.put(
        "best_mean_dev_accuracy", metrics.path("best").path("mean_accuracy").asDouble(Double.NaN));
    row.put("steps", metrics.path("steps").asLong());
    row.put("peak_rss_bytes", metrics.path("peak_rss_bytes").asLong(-1));
    return row;
  }

  static String markdown(JsonNode runs) {
    StringBuilder b =
        new StringBuilder(
            "## Length-grouped batches on and off (same data, seed and settings)\n\n"
                + "| group-by-length | examples/s | real tokens/s | padded tokens/s | padding | roofline (padded) | "
                + "roofline (real) | best mean dev accuracy | peak RSS |\n|---|---|---|---|---|---|---|---|---|\n");
    for (JsonNode r : runs) {
      JsonNode t = r.path("throughput");
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.0f | %.0f | %.0f%% | %.0f%% | %.0f%% | %.4f | %.0f MB |%n",
              r.path("group_by_length").asBoolean() ? "on" : "off",
              t.path("examples_per_second").asDouble(),
              t.path("real_tokens_per_second").asDouble(),
              t.path("padded_tokens_per_second").asDouble(),
              100 * t.path("padding_share").asDouble(),
              100 * t.path("roofline_share_padded").asDouble(Double.NaN),
              100 * t.path("roofline_share_real").asDouble(Double.NaN),
              r.path("best_mean_dev_accuracy").asDouble(),
              r.path("peak_rss_bytes").asLong() / 1e6));
    }
    if (runs.size() == 2) {
      double on = runs.get(0).path("throughput").path("examples_per_second").asDouble();
      double off = runs.get(1).path("throughput").path("examples_per_second").asDouble();
      double dOn = runs.get(0).path("best_mean_dev_accuracy").asDouble();
      double dOff = runs.get(1).path("best_mean_dev_accuracy").asDouble();
      b.append(
          String.format(
              Locale.ROOT,
              "%nGrouping: %.2fx the examples/s; mean dev accuracy %+.2f points.%n",
              on / off,
              100 * (dOn - dOff)));
    }
    return b.toString();
  }
}
