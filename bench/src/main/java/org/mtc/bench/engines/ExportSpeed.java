package org.mtc.bench.engines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.onnx.ExportedModel;
import org.mtc.onnx.OnnxSettings;
import org.mtc.onnx.graph.Quantization;
import org.mtc.onnx.importer.OnnxFiles;

/**
 * Throughput of exported graphs side by side (e.g. an fp32 and an int8 export of one model): end to
 * end through {@link ExportedModel#probabilities} (tokenizing, encoder and heads) at each batch
 * size, the timed passes interleaved (A, B, A, B, ...) after one untimed pass each, so that load
 * from other processes falls on every file alike. Reports the best and median texts/s and each
 * file's ratio to the first, and with the peer, LangChain4j's all-MiniLM-L6-v2 embedding model
 * ({@link Peer}: encoder and pooling only, one text per run on its executor), timed in the same
 * interleaved rounds, each file's ratio to it. Opens and closes the graphs; single-threaded caller.
 */
public final class ExportSpeed {
  private ExportSpeed() {}

  /**
   * The markdown table of the comparison.
   *
   * @param files exported graphs; ratios are to the first
   * @param batches texts per encoder call, one table block each
   * @param repeats timed passes over {@code texts} per file and batch size
   * @param withPeer whether to time the LangChain4j peer in the same rounds (x peer column)
   */
  public static String run(
      List<Path> files, List<String> texts, List<Integer> batches, int repeats, boolean withPeer) {
    Peer peer = withPeer ? new Peer() : null;
    List<Input> inputs = Input.ofTexts(texts);
    StringBuilder b = new StringBuilder(header(texts.size(), repeats));
    for (int batch : batches) {
      List<ExportedModel> models = new ArrayList<>();
      List<Timing> timings = new ArrayList<>();
      Timing peerTiming = new Timing();
      if (peer != null) {
        peer.embed(texts);
      }
      try {
        for (Path f : files) {
          ExportedModel m = ExportedModel.open(f, OnnxSettings.DEFAULTS.withBatchSize(batch));
          models.add(m);
          m.probabilities(inputs);
          timings.add(new Timing());
        }
        for (int r = 0; r < repeats; r++) {
          for (int i = 0; i < models.size(); i++) {
            ExportedModel m = models.get(i);
            timings.get(i).time(() -> m.probabilities(inputs));
          }
          if (peer != null) {
            peerTiming.time(() -> peer.embed(texts));
          }
        }
      } finally {
        models.forEach(ExportedModel::close);
      }
      for (int i = 0; i < files.size(); i++) {
        Timing t = timings.get(i);
        b.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %.1f | %d | %.1f | %.1f | %.2f | %.2f | %s |%n",
                files.get(i).getFileName(),
                quantization(files.get(i)),
                size(files.get(i)) / 1e6,
                batch,
                texts.size() / t.best(),
                texts.size() / t.median(),
                timings.get(0).best() / t.best(),
                timings.get(0).median() / t.median(),
                peer == null
                    ? ""
                    : String.format(Locale.ROOT, "%.2f", peerTiming.median() / t.median())));
      }
      if (peer != null) {
        b.append(peerRow(batch, texts.size(), peerTiming));
      }
    }
    return b.toString();
  }

  private static String header(int texts, int repeats) {
    return String.format(
        Locale.ROOT,
        "%d texts, best and median of %d interleaved passes, end to end:%n%n"
            + "| file | quantization | MB | batch | texts/s (best) | texts/s (median) | x first (best) "
            + "| x first (median) | x peer (median) |%n"
            + "|---|---|---:|---:|---:|---:|---:|---:|---:|%n",
        texts,
        repeats);
  }

  private static String peerRow(int batch, int texts, Timing t) {
    return String.format(
        Locale.ROOT,
        "| %s (encoder only, one text per run) | fp32 | | %d | %.1f | %.1f | | | 1.00 |%n",
        Peer.NAME,
        batch,
        texts / t.best(),
        texts / t.median());
  }

  private static String quantization(Path file) {
    Quantization q =
        Quantization.of(OnnxFiles.metadata(file, "give files written by mtc export onnx"));
    return q == Quantization.NONE ? "fp32" : q.metadataValue();
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new MtcException("could not read the size of " + file + ": " + e.getMessage(), e);
    }
  }
}
