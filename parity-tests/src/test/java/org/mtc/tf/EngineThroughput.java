package org.mtc.tf;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mtc.core.Backbone;
import org.mtc.core.FineTuning;
import org.mtc.core.Input;
import org.mtc.core.Pooling;
import org.mtc.core.engine.BackboneFactory;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.djl.DjlBackboneFactory;
import org.mtc.onnx.OnnxBackboneFactory;

/**
 * Encoder throughput of DJL, TF Java and ONNX Runtime on the same model directory and batches, in
 * one run (a hand-run utility, not a test): {@code EngineThroughput MODEL_DIR TSV [BATCH] [BATCHES]
 * [MAX_LENGTH]} encodes {@code BATCHES} batches of {@code BATCH} texts (the first column of the
 * TSV) after one warm-up pass per engine, engines interleaved round by round so that machine noise
 * hits all of them alike. Prints texts per second.
 */
public final class EngineThroughput {
  private EngineThroughput() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    List<String> lines = Files.readAllLines(Path.of(args[1]));
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    int batches = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    int maxLength = args.length > 4 ? Integer.parseInt(args[4]) : 32;
    List<String> texts = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      texts.add(line.split("\t")[0]);
    }
    Map<String, BackboneFactory> factories = new LinkedHashMap<>();
    factories.put("djl", new DjlBackboneFactory());
    factories.put("tf", new TfBackboneFactory());
    factories.put("onnx", new OnnxBackboneFactory());
    Map<String, Backbone> open = new LinkedHashMap<>();
    Map<String, Long> nanos = new LinkedHashMap<>();
    try {
      for (var e : factories.entrySet()) {
        Backbone b = e.getValue().open(frozenClsSpec(dir, e.getKey(), maxLength));
        open.put(e.getKey(), b);
        b.encode(Input.ofTexts(texts.subList(0, batch))); // warm-up
        nanos.put(e.getKey(), 0L);
      }
      for (int round = 0; round < batches; round++) {
        List<Input> chunk = Input.ofTexts(texts.subList((round + 1) * batch, (round + 2) * batch));
        for (var e : open.entrySet()) {
          long t0 = System.nanoTime();
          e.getValue().encode(chunk);
          nanos.merge(e.getKey(), System.nanoTime() - t0, Long::sum);
        }
      }
    } finally {
      open.values().forEach(Backbone::close);
    }
    System.out.printf(
        Locale.ROOT,
        "model %s, batch %d, %d batches, max length %d, %d cores%n",
        dir,
        batch,
        batches,
        maxLength,
        Runtime.getRuntime().availableProcessors());
    nanos.forEach(
        (engine, ns) ->
            System.out.printf(
                Locale.ROOT,
                "%-5s %8.1f texts/s  (%.0f ms per batch)%n",
                engine,
                batch * batches / (ns / 1e9),
                ns / 1e6 / batches));
  }

  /** The same frozen, CLS-pooled encoder of {@code dir} on {@code engine}. */
  private static BackboneSpec frozenClsSpec(Path dir, String engine, int maxLength) {
    return new BackboneSpec(
        dir,
        engine,
        Pooling.CLS,
        maxLength,
        FineTuning.FROZEN,
        TfTestSpecs.ADAM,
        0.0,
        42,
        ConfigFactory.empty());
  }
}
