package org.mtc.bench.experiment;

import java.util.List;
import org.mtc.core.TaskHead;
import org.mtc.tasks.model.MultitaskModel;

/**
 * Times answering every task for the same texts through one multitask model and through every single-task model,
 * in one process, alternating the two for several rounds (so background load hits both alike) after one warm-up
 * batch each. Single-threaded; the models must not be in use elsewhere.
 */
public final class SpeedMeter {
  private SpeedMeter() {
  }

  /**
   * Times every task for {@code texts}, each with its dialog context ({@code ""} for none): the multitask model
   * encodes the texts once, and the rows that have a context once more as pairs when one of its tasks reads it
   * ({@link MultitaskModel#encode}); each single-task model encodes what its task reads.
   */
  public static SpeedRecord measure(MultitaskModel multitask, List<MultitaskModel> singles, List<String> contexts,
      List<String> texts, int batchSize, int rounds) {
    List<String> warm = texts.subList(0, Math.min(texts.size(), batchSize));
    List<String> warmContexts = contexts.subList(0, warm.size());
    multitask.probabilities(warmContexts, warm);
    singles.forEach(s -> s.probabilities(warmContexts, warm));
    double bestMt = Double.MAX_VALUE;
    double bestSt = Double.MAX_VALUE;
    double encoder = 0;
    double heads = 0;
    for (int r = 0; r < rounds; r++) {
      long enc = 0;
      long hd = 0;
      for (int from = 0; from < texts.size(); from += batchSize) {
        int to = Math.min(texts.size(), from + batchSize);
        List<String> b = texts.subList(from, to);
        List<String> c = contexts.subList(from, to);
        long t0 = System.nanoTime();
        MultitaskModel.Pooled pooled = multitask.encode(c, b);
        long t1 = System.nanoTime();
        for (TaskHead h : multitask.heads()) {
          h.probabilities(pooled.of(multitask.tasks().task(h.task())));
        }
        enc += t1 - t0;
        hd += System.nanoTime() - t1;
      }
      double mt = (enc + hd) / 1e9;
      if (mt < bestMt) {
        bestMt = mt;
        encoder = enc / 1e9;
        heads = hd / 1e9;
      }
      long s0 = System.nanoTime();
      for (int from = 0; from < texts.size(); from += batchSize) {
        int to = Math.min(texts.size(), from + batchSize);
        List<String> b = texts.subList(from, to);
        List<String> c = contexts.subList(from, to);
        for (MultitaskModel s : singles) {
          s.probabilities(c, b);
        }
      }
      bestSt = Math.min(bestSt, (System.nanoTime() - s0) / 1e9);
    }
    return new SpeedRecord(texts.size(), batchSize, multitask.heads().size(), bestMt, bestSt, encoder, heads, rounds);
  }
}
