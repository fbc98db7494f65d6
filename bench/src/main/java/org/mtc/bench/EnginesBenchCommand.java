package org.mtc.bench;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mtc.bench.engines.BenchReport;
import org.mtc.bench.engines.BenchTexts;
import org.mtc.bench.engines.EngineBench;
import org.mtc.bench.engines.ExportParity;
import org.mtc.bench.engines.ExportSpeed;
import org.mtc.bench.engines.TrainingBench;
import org.mtc.cli.IgnoredOptions;
import org.mtc.core.MtcException;
import org.mtc.core.engine.Engines;
import org.mtc.core.io.AtomicFiles;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.onnx.MatmulRate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mtc bench engines}: encoder throughput of every engine on the classpath and of the
 * LangChain4j all-MiniLM-L6-v2 peer in one run, the matmul roofline share, agreement, and a time
 * breakdown; with {@code --parity FILE}, the agreement of an exported multitask graph with the djl
 * model on whole test splits.
 */
@Command(
    name = "engines",
    mixinStandardHelpOptions = true,
    description =
        "Encoder throughput of every engine (and the LangChain4j peer) on the same texts, their "
            + "agreement, the matmul roofline share and where the time goes.")
public final class EnginesBenchCommand implements Callable<Integer> {
  @Option(
      names = "--model",
      defaultValue = "models/minilm",
      paramLabel = "DIR",
      description =
          "Backbone directory (default models/minilm: all-MiniLM-L6-v2, the peer's model).")
  Path model;

  @Option(
      names = "--heads",
      paramLabel = "DIR",
      description = "A trained model whose heads are timed too.")
  Path heads;

  @Option(
      names = "--texts",
      paramLabel = "FILE",
      description = "TSV with a text column or one text per line (default DATA/emotion/test.tsv).")
  Path texts;

  @Mixin TaskDataOption taskData;

  @Option(
      names = "--limit",
      defaultValue = "512",
      description = "Texts used (the first N; default 512).")
  int limit;

  @Option(
      names = "--batch",
      defaultValue = "32",
      description = "Texts per encoder call (default 32).")
  int batch;

  @Option(
      names = "--lengths",
      defaultValue = "32,128",
      split = ",",
      description = "max-length values (32,128).")
  List<Integer> lengths;

  @Option(
      names = "--roofline-length",
      defaultValue = "128",
      description = "Tokens per text of the roofline batch.")
  int rooflineLength;

  @Option(
      names = "--repeats",
      defaultValue = "5",
      description = "Timed passes per contender (best reported).")
  int repeats;

  @Option(names = "--no-peer", description = "Skip the LangChain4j peer.")
  boolean noPeer;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Also write engines.json and engines.md here.")
  Path out;

  @Option(
      names = "--parity",
      paramLabel = "FILE",
      description =
          "Instead: compare this exported graph with the djl model --heads DIR on every task's --split.")
  Path parity;

  @Option(
      names = "--exported",
      paramLabel = "FILE",
      split = ",",
      description =
          "Instead: texts/s of these exported graphs (e.g. fp32,int8 exports of one model) and of "
              + "the LangChain4j peer (unless --no-peer) "
              + "side by side, end to end, at --batch and at 1, passes interleaved; ratios to the first.")
  List<Path> exported;

  @Option(
      names = "--split",
      defaultValue = "test",
      description = "Split for --parity (default test).")
  String split;

  @Option(
      names = "--parity-limit",
      defaultValue = "0",
      description = "Texts per task for --parity (0: all).")
  int parityLimit;

  @Option(
      names = "--train",
      description =
          "Instead: training throughput of each trainable engine (djl, tf) at "
              + "--batch and each of --lengths, with the share of the matmul rate.")
  boolean train;

  @Option(
      names = "--train-steps",
      defaultValue = "10",
      description = "Timed training steps per engine and length.")
  int trainSteps;

  @Spec CommandSpec spec;

  @Inject Engines engines;

  @Override
  public Integer call() {
    refuseIgnoredOptions();
    Path data = dataDir();
    if (parity != null) {
      if (heads == null) {
        throw new MtcException(
            "--parity FILE needs --heads DIR, the trained model the file was exported from");
      }
      System.out.print(
          new ExportParity(engines).run(parity, heads, data, split, batch, parityLimit));
      return 0;
    }
    Path file = texts != null ? texts : TaskDataOption.defaultTexts(data);
    if (!Files.isRegularFile(file)) {
      throw new MtcException(
          "benchmark texts " + file + " not found; pass --texts FILE or --data-dir DIR");
    }
    List<String> list = BenchTexts.read(file, limit);
    if (exported != null) {
      System.out.print(ExportSpeed.run(exported, list, List.of(batch, 1), repeats, !noPeer));
      return 0;
    }
    if (train) {
      var c = HfBackboneDirectory.open(model).encoderConfig();
      int longest = lengths.stream().mapToInt(Integer::intValue).max().orElse(128);
      double matmul =
          MatmulRate.gflops(batch * longest, c.hiddenSize(), c.intermediateSize(), 5, 0);
      var rows = new TrainingBench(engines).run(model, list, batch, lengths, trainSteps, matmul);
      String md = TrainingBench.markdown(rows, matmul, batch);
      System.out.print(md);
      if (out != null) {
        try {
          Files.createDirectories(out);
        } catch (IOException e) {
          throw new MtcException("could not create " + out + ": " + e.getMessage(), e);
        }
        AtomicFiles.writeString(out.resolve("training.md"), md);
      }
      return 0;
    }
    EngineBench.Plan plan =
        new EngineBench.Plan(
            model,
            Optional.ofNullable(heads),
            list,
            batch,
            lengths,
            repeats,
            !noPeer,
            rooflineLength);
    EngineBench.Report report = new EngineBench(engines).run(plan);
    String md = BenchReport.markdown(report, batch, list.size());
    System.out.print(md);
    if (out != null) {
      BenchReport.write(report, md, out);
    }
    return 0;
  }

  /** --data-dir, else $MTC_DATA_DIR, else ../shared/data. */
  private Path dataDir() {
    return taskData.dataDir != null
        ? taskData.dataDir
        : Optional.ofNullable(System.getenv("MTC_DATA_DIR"))
            .map(Path::of)
            .orElse(Path.of("..", "shared", "data"));
  }

  /**
   * Each mode (--parity, --train, the throughput default) reads only some options; the others are
   * refused.
   */
  private void refuseIgnoredOptions() {
    IgnoredOptions options = IgnoredOptions.of(spec);
    if (exported != null) {
      options.refuse(
          "with --exported, which times those graphs on --texts at --batch and 1; drop it",
          "--model",
          "--heads",
          "--lengths",
          "--roofline-length",
          "--out",
          "--parity",
          "--split",
          "--parity-limit",
          "--train",
          "--train-steps");
    } else if (parity != null) {
      options.refuse(
          "with --parity, which compares the graph with --heads on each task's --split; drop it",
          "--model",
          "--texts",
          "--limit",
          "--lengths",
          "--roofline-length",
          "--repeats",
          "--no-peer",
          "--out",
          "--train",
          "--train-steps");
    } else if (train) {
      options.refuse(
          "with --train, which times training steps of --model on --texts; drop it",
          "--heads",
          "--roofline-length",
          "--repeats",
          "--no-peer",
          "--split",
          "--parity-limit");
    } else {
      options.refuse(
          "without --parity or --train; drop it, or add the mode it belongs to",
          "--split",
          "--parity-limit",
          "--train-steps");
    }
    if (parity == null && texts != null) {
      options.warn(
          "with --texts: the data folder is only read for the default texts", "--data-dir");
    }
  }
}
