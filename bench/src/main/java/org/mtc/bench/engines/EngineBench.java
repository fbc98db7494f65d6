package org.mtc.bench.engines;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.mtc.core.Backbone;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.SentencePair;
import org.mtc.core.TaskHead;
import org.mtc.core.TokenizingBackbone;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.engine.Engines;
import org.mtc.core.model.EncoderConfig;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.core.settings.Settings;
import org.mtc.onnx.MatmulRate;
import org.mtc.tasks.model.MultitaskModel;

/**
 * Encoder throughput of every engine on the classpath and of the LangChain4j peer, in one run on
 * the same texts and batches; the machine's fp32 matmul rate and the onnx encoder's share of it at
 * a full batch; agreement of the engines' pooled vectors; and where the time goes (tokenising,
 * encoder, heads). Single-threaded driver; opens and closes every backbone it uses.
 */
public final class EngineBench {
  /**
   * What to run.
   *
   * @param backbone Hugging Face backbone directory (all-MiniLM-L6-v2 for a fair peer comparison)
   * @param headsModel a trained model whose heads are timed on the pooled vectors, if any
   * @param texts the texts, given to each contender in one call (the onnx engine runs {@code batch}
   *     per run)
   * @param lengths max-length settings to run (tokens, special tokens included)
   * @param repeats timed passes per contender (best reported); contenders alternate within each
   *     pass
   * @param peer whether to run the LangChain4j peer
   */
  public record Plan(
      Path backbone,
      Optional<Path> headsModel,
      List<String> texts,
      int batch,
      List<Integer> lengths,
      int repeats,
      boolean peer,
      int rooflineLength) {}

  /**
   * One throughput measurement: texts per second end to end (tokenising included), best of the
   * passes.
   */
  public record Throughput(
      String contender, int maxLength, double textsPerSecond, double maxAbsDiff, String note) {}

  /**
   * Encoder-only time of full batches ({@code batch} x {@code length} tokens) against the matmul
   * roofline.
   */
  public record Roofline(
      String contender, int batch, int length, double msPerBatch, double gflops, double share) {}

  /** Milliseconds for all texts, per stage, on the onnx engine. */
  public record Breakdown(
      int maxLength,
      double meanTokens,
      double tokenizeMs,
      double encoderMs,
      double headsMs,
      int heads) {}

  /** Everything one run measured. */
  public record Report(
      String machine,
      double matmulGflops,
      List<Throughput> throughput,
      List<Roofline> roofline,
      List<Breakdown> breakdown,
      List<String> notes) {}

  private final Engines engines;
  private final List<String> notes = new ArrayList<>();

  public EngineBench(Engines engines) {
    this.engines = engines;
  }

  public Report run(Plan plan) {
    EncoderConfig c = HfBackboneDirectory.open(plan.backbone()).encoderConfig();
    double matmul =
        MatmulRate.gflops(
            plan.batch() * plan.rooflineLength(), c.hiddenSize(), c.intermediateSize(), 5, 0);
    List<Throughput> throughput = new ArrayList<>();
    List<Breakdown> breakdown = new ArrayList<>();
    Peer peer = plan.peer() ? new Peer() : null;
    for (int length : plan.lengths()) {
      Map<String, Backbone> open = open(plan, length);
      try {
        throughput.addAll(throughput(plan, length, open, peer));
        if (open.get("onnx") instanceof TokenizingBackbone onnx) {
          breakdown.add(breakdown(plan, length, onnx));
        }
      } finally {
        open.values().forEach(Backbone::close);
      }
    }
    double[] rate = {matmul};
    List<Roofline> roofline = roofline(plan, c, rate);
    matmul = rate[0];
    String machine =
        Runtime.getRuntime().availableProcessors()
            + " cores, "
            + System.getProperty("os.arch")
            + ", "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.version");
    return new Report(machine, matmul, throughput, roofline, breakdown, List.copyOf(notes));
  }

  private Map<String, Backbone> open(Plan plan, int length) {
    Map<String, Backbone> open = new LinkedHashMap<>();
    for (String engine : engines.names()) {
      try {
        open.put(engine, engines.open(spec(plan, engine, length)));
      } catch (MtcException | UnsupportedOperationException e) {
        notes.add("engine " + engine + " skipped: " + e.getMessage());
      }
    }
    return open;
  }

  private static BackboneSpec spec(Plan plan, String engine, int length) {
    return BenchBackbone.spec(
        plan.backbone(),
        engine,
        length,
        "frozen",
        "mtc.backbone.onnx.batch-size = " + plan.batch());
  }

  private List<Throughput> throughput(
      Plan plan, int length, Map<String, Backbone> open, Peer peer) {
    Map<String, Function<List<String>, float[][]>> contenders = new LinkedHashMap<>();
    open.forEach((name, b) -> contenders.put(name, texts -> b.encode(Input.ofTexts(texts))));
    if (peer != null) {
      contenders.put(Peer.NAME, peer::embed);
    }
    Map<String, float[][]> vectors = new LinkedHashMap<>();
    // Each contender gets all texts in one call and batches them its own way (onnx: by length,
    // batch-size
    // texts per run; djl: 64 per run; the peer: one text per run on its executor).
    contenders.forEach(
        (name, f) -> vectors.put(name, f.apply(plan.texts()))); // warm-up, kept for agreement
    Map<String, Timing> timings = new LinkedHashMap<>();
    contenders.keySet().forEach(n -> timings.put(n, new Timing()));
    for (int r = 0; r < plan.repeats(); r++) {
      contenders.forEach((name, f) -> timings.get(name).time(() -> f.apply(plan.texts())));
    }
    List<Throughput> out = new ArrayList<>();
    float[][] reference = vectors.getOrDefault("djl", vectors.values().iterator().next());
    for (String name : contenders.keySet()) {
      double diff;
      String note;
      if (name.equals(Peer.NAME)) {
        float[][] ours = vectors.containsKey("onnx") ? vectors.get("onnx") : reference;
        diff = maxAbsDiff(Peer.normalized(ours), vectors.get(name));
        note = "vs onnx, both L2-normalised; peer truncates at 510 tokens, one text per run";
      } else {
        diff = maxAbsDiff(vectors.get(name), reference);
        note = name.equals("djl") ? "reference" : "vs djl";
      }
      out.add(
          new Throughput(name, length, plan.texts().size() / timings.get(name).best(), diff, note));
    }
    return out;
  }

  private Breakdown breakdown(Plan plan, int length, TokenizingBackbone onnx) {
    List<TaskHead> heads = List.of();
    MultitaskModel model = null;
    if (plan.headsModel().isPresent()) {
      Config s =
          Settings.load(
              List.of(),
              ConfigFactory.parseString(
                  "mtc.backbone { engine = onnx, trainable-layers = frozen }"));
      model = MultitaskModel.load(plan.headsModel().get(), engines, s);
      heads = model.heads();
    }
    try {
      Timing tokenize = new Timing();
      Timing encoder = new Timing();
      Timing headTime = new Timing();
      long[][] ids = onnx.tokenIds(plan.texts());
      SentencePair.Batch rows = SentencePair.Batch.singles(ids);
      float[][] pooled = onnx.encodeTokens(rows);
      final List<TaskHead> hs = heads;
      for (int r = 0; r < plan.repeats(); r++) {
        tokenize.time(() -> onnx.tokenIds(plan.texts()));
        encoder.time(() -> onnx.encodeTokens(rows));
        headTime.time(() -> hs.forEach(h -> h.probabilities(pooled)));
      }
      double tokens = 0;
      for (long[] row : ids) {
        tokens += row.length;
      }
      return new Breakdown(
          length,
          tokens / ids.length,
          tokenize.best() * 1e3,
          encoder.best() * 1e3,
          headTime.best() * 1e3,
          heads.size());
    } finally {
      if (model != null) {
        model.close();
      }
    }
  }

  /**
   * Encoder-only time of full batches; {@code rate[0]} is raised to the best matmul rate seen in
   * between.
   */
  private List<Roofline> roofline(Plan plan, EncoderConfig c, double[] rate) {
    int length = plan.rooflineLength();
    List<String> texts = BenchTexts.longTexts(plan.texts(), plan.batch(), length);
    double flops =
        MatmulRate.encoderFlops(
            plan.batch(), length, c.hiddenSize(), c.intermediateSize(), c.numHiddenLayers());
    List<Roofline> out = new ArrayList<>();
    Map<String, Backbone> open = open(plan, length);
    try {
      for (var e : open.entrySet()) {
        Runnable work;
        // the onnx row is measured encoder only, as documented; the others include tokenising
        boolean encoderOnly =
            e.getKey().equals("onnx") && e.getValue() instanceof TokenizingBackbone;
        if (encoderOnly) {
          work = encoderOnlyWork((TokenizingBackbone) e.getValue(), texts, length);
        } else {
          List<Input> inputs = Input.ofTexts(texts);
          work = () -> e.getValue().encode(inputs);
        }
        work.run();
        Timing t = new Timing();
        for (int r = 0; r < Math.max(3, plan.repeats() * 2); r++) {
          t.time(work);
          // interleaved, so that both see the same load on a shared machine; best of each is
          // reported
          rate[0] =
              Math.max(
                  rate[0],
                  MatmulRate.gflops(
                      plan.batch() * length, c.hiddenSize(), c.intermediateSize(), 2, 0));
        }
        double sec = t.best();
        out.add(
            new Roofline(
                e.getKey() + (encoderOnly ? " (encoder only)" : " (tokenising included)"),
                plan.batch(),
                length,
                sec * 1e3,
                flops / sec / 1e9,
                0));
      }
      List<Roofline> shared = new ArrayList<>();
      for (Roofline r : out) {
        shared.add(
            new Roofline(
                r.contender(),
                r.batch(),
                r.length(),
                r.msPerBatch(),
                r.gflops(),
                r.gflops() / rate[0]));
      }
      out = shared;
    } finally {
      open.values().forEach(Backbone::close);
    }
    return out;
  }

  /**
   * The onnx encoder alone on the texts' token ids, tokenised once here; notes any text that is not
   * {@code length} tokens long.
   */
  private Runnable encoderOnlyWork(TokenizingBackbone onnx, List<String> texts, int length) {
    long[][] ids = onnx.tokenIds(texts);
    for (long[] row : ids) {
      if (row.length != length) {
        notes.add("roofline batch has a text of " + row.length + " tokens, not " + length);
      }
    }
    SentencePair.Batch rows = SentencePair.Batch.singles(ids);
    return () -> onnx.encodeTokens(rows);
  }

  static double maxAbsDiff(float[][] a, float[][] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < Math.min(a[i].length, b[i].length); j++) {
        max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
      }
    }
    return max;
  }
}
