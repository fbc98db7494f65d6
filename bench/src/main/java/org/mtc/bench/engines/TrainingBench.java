package org.mtc.bench.engines;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mtc.core.Backbone;
import org.mtc.core.Input;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.core.TaskHead;
import org.mtc.core.TaskKind;
import org.mtc.core.TrainingPass;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.engine.Engines;
import org.mtc.core.model.EncoderConfig;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.heads.HeadSettings;
import org.mtc.heads.Heads;
import org.mtc.tasks.train.TrainSettings;

/**
 * {@code mtc bench engines --train}: training throughput of every engine that can train, side by
 * side in one run, on full batches of texts that fill each max-length exactly (so padded and real
 * tokens are equal): one step is the encoder forward in training mode, a head's loss and gradient,
 * the backward pass and AdamW on encoder and head, as the trainer does. Reports examples/s,
 * tokens/s and the share of the machine's matmul rate, counted as 6 × transformer parameters ×
 * tokens / time ({@link org.mtc.tasks.train.Throughput}). Stateless.
 */
public final class TrainingBench {
  /** One engine at one length. */
  public record Row(
      String engine,
      int length,
      double examplesPerSecond,
      double tokensPerSecond,
      double gflops,
      double share,
      String note) {}

  private final Engines engines;

  public TrainingBench(Engines engines) {
    this.engines = engines;
  }

  /**
   * Measures each trainable engine at each length; an engine that cannot train gets a row with a
   * note.
   */
  public List<Row> run(
      Path backbone,
      List<String> texts,
      int batch,
      List<Integer> lengths,
      int steps,
      double matmulGflops) {
    EncoderConfig c = HfBackboneDirectory.open(backbone).encoderConfig();
    List<Row> rows = new ArrayList<>();
    List<String> longTexts = fill(texts, batch);
    for (int length : lengths) {
      for (String engine : engines.names()) {
        rows.add(measure(engine, backbone, longTexts, batch, length, steps, c, matmulGflops));
      }
    }
    return rows;
  }

  private Row measure(
      String engine,
      Path backbone,
      List<String> texts,
      int batch,
      int length,
      int steps,
      EncoderConfig c,
      double matmulGflops) {
    Config s = BenchBackbone.settings(engine, length, "all", "");
    try (Backbone b = engines.open(BackboneSpec.from(s, backbone))) {
      if (!b.trainable()) {
        return new Row(
            engine, length, Double.NaN, Double.NaN, Double.NaN, Double.NaN, "inference only");
      }
      TaskHead head =
          Heads.create(
              "bench",
              TaskKind.SINGLE_LABEL,
              new LabelSpace("bench", List.of("a", "b")),
              c.hiddenSize(),
              HeadSettings.from(s),
              1);
      float[][] targets = new float[batch][];
      for (int i = 0; i < batch; i++) {
        targets[i] = i % 2 == 0 ? new float[] {1, 0} : new float[] {0, 1};
      }
      List<Input> batchTexts = Input.ofTexts(texts.subList(0, batch));
      long tokens = 0;
      for (int n : b.tokenCounts(batchTexts)) {
        tokens += n;
      }
      for (int i = 0; i < 2; i++) {
        step(b, head, batchTexts, targets, s, i);
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        step(b, head, batchTexts, targets, s, i + 2);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double tokensPerSecond = tokens * steps / seconds;
      double gflops = 6.0 * c.transformerParameters() * tokensPerSecond / 1e9;
      return new Row(
          engine,
          length,
          batch * steps / seconds,
          tokensPerSecond,
          gflops,
          gflops / matmulGflops,
          String.format(Locale.ROOT, "%d tokens per batch", tokens));
    } catch (MtcException | UnsupportedOperationException e) {
      return new Row(
          engine, length, Double.NaN, Double.NaN, Double.NaN, Double.NaN, e.getMessage());
    }
  }

  private static void step(
      Backbone b, TaskHead head, List<Input> texts, float[][] targets, Config s, long seed) {
    try (TrainingPass pass = b.forwardForTraining(texts)) {
      TaskHead.HeadLoss loss = head.forwardBackward(pass.pooled(), targets, seed);
      pass.backward(loss.pooledGradient());
    }
    head.step(TrainSettings.from(s).optimizer(), 1e-3);
    b.applyGradients(1e-5);
  }

  /**
   * {@code batch} texts each long enough to reach any max-length (texts joined until about 600
   * words).
   */
  static List<String> fill(List<String> texts, int batch) {
    if (texts.isEmpty()) {
      throw new MtcException("no benchmark texts");
    }
    List<String> out = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < batch; i++) {
      StringBuilder b = new StringBuilder();
      while (b.length() < 3000) {
        b.append(texts.get(next++ % texts.size())).append(' ');
      }
      out.add(b.toString());
    }
    return out;
  }

  /** A markdown table of the rows. */
  public static String markdown(List<Row> rows, double matmulGflops, int batch) {
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "## Training throughput (batch %d, every text "
                    + "filling max-length; matmul rate %.1f GFLOP/s)%n%n| engine | max-length | examples/s | tokens/s | "
                    + "GFLOP/s (6·params·tokens) | share of matmul rate | note |%n|---|---|---|---|---|---|---|%n",
                batch,
                matmulGflops));
    for (Row r : rows) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.1f | %.0f | %.1f | %.0f%% | %s |%n",
              r.engine(),
              r.length(),
              r.examplesPerSecond(),
              r.tokensPerSecond(),
              r.gflops(),
              100 * r.share(),
              r.note()));
    }
    return b.toString();
  }
}
