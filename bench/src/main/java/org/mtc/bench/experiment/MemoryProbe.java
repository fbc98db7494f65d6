package org.mtc.bench.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mtc.core.Input;
import org.mtc.core.engine.Engines;
import org.mtc.core.io.ProcStatus;
import org.mtc.core.settings.Settings;
import org.mtc.tasks.model.MultitaskModel;

/**
 * The child JVM of a memory measurement: loads one or more model directories for inference, reads
 * resident memory ({@link ProcStatus}) after loading and after predicting {@code count} texts
 * through every model (all their tasks), and prints one line {@code MTC-PROBE {json}} on standard
 * output: {@code rss_before_load, rss_after_load, peak_after_load, rss_after_predict,
 * peak_after_predict} (bytes), {@code load_seconds, predict_seconds, models, texts}.
 *
 * <p>Usage: {@code MemoryProbe SETTINGS_FILE TEXTS_FILE COUNT BATCH MODEL_DIR...}. Exit code 0 on
 * success; any failure ends the JVM with a stack trace on standard error and exit code 1, which
 * {@link ChildJvm} reports.
 */
public final class MemoryProbe {
  /** Prefix of the result line on standard output. */
  public static final String PREFIX = "MTC-PROBE ";

  private MemoryProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 5) {
      System.err.println("usage: MemoryProbe SETTINGS_FILE TEXTS_FILE COUNT BATCH MODEL_DIR...");
      System.exit(2);
    }
    // the parent's merged, already validated settings (system properties included), read as they
    // are
    Config settings =
        ConfigFactory.parseString("mtc.backbone.trainable-layers = frozen")
            .withFallback(Settings.parseFile(Path.of(args[0])))
            .withFallback(Settings.reference())
            .resolve();
    List<String> all = Files.readAllLines(Path.of(args[1]));
    int count = Integer.parseInt(args[2]);
    int batch = Integer.parseInt(args[3]);
    List<Input> texts = new ArrayList<>();
    for (int i = 0; i < count && !all.isEmpty(); i++) {
      texts.add(Input.of(all.get(i % all.size())));
    }
    ObjectNode out = new ObjectMapper().createObjectNode();
    out.put("rss_before_load", ProcStatus.rss());
    Engines engines = Engines.discover();
    List<MultitaskModel> models = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 4; i < args.length; i++) {
      models.add(MultitaskModel.load(Path.of(args[i]), engines, settings));
    }
    out.put("load_seconds", (System.nanoTime() - start) / 1e9);
    out.put("rss_after_load", ProcStatus.rss());
    out.put("peak_after_load", ProcStatus.peakRss());
    start = System.nanoTime();
    for (int from = 0; from < texts.size(); from += batch) {
      List<Input> b = texts.subList(from, Math.min(texts.size(), from + batch));
      for (MultitaskModel m : models) {
        m.probabilities(b);
      }
    }
    out.put("predict_seconds", (System.nanoTime() - start) / 1e9);
    out.put("rss_after_predict", ProcStatus.rss());
    out.put("peak_after_predict", ProcStatus.peakRss());
    out.put("models", models.size());
    out.put("texts", texts.size());
    System.out.println(PREFIX + out);
    System.out.flush();
    for (MultitaskModel m : models) {
      m.close();
    }
    System.exit(0);
  }
}
