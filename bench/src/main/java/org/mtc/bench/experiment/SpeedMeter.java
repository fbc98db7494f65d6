package org.mtc.bench.experiment;

import java.util.List;
import org.mtc.core.Input;
import org.mtc.core.TaskHead;
import org.mtc.tasks.model.MultitaskModel;

/**
 * Times answering every task for the same texts through one multitask model and through every
 * single-task model, in one process, alternating the two for several rounds (so background load
 * hits both alike) after one warm-up batch each. Single-threaded; the models must not be in use
 * elsewhere.
 */
public final class SpeedMeter {
  private SpeedMeter() {}

  /**
   * Times every task for {@code inputs}, each text with its dialog context, if any: the multitask
   * model encodes the texts once, and the inputs that have a context once more as pairs when one of
   * its tasks reads it ({@link MultitaskModel#encode}); each single-task model encodes what its
   * task reads.
   */
  public static SpeedRecord measure(
      MultitaskModel multitask,
      List<MultitaskModel> singles,
      List<Input> inputs,
      int batchSize,
      int rounds) {
    List<Input> warm = inputs.subList(0, Math.min(inputs.size(), batchSize));
    multitask.probabilities(warm);
    singles.forEach(s -> s.probabilities(warm));
    double bestMt = Double.MAX_VALUE;
    double bestSt = Double.MAX_VALUE;
    double encoder = 0;
    double heads = 0;
    for (int r = 0; r < rounds; r++) {
      long enc = 0;
      long hd = 0;
      for (int from = 0; from < inputs.size(); from += batchSize) {
        List<Input> b = inputs.subList(from, Math.min(inputs.size(), from + batchSize));
        long t0 = System.nanoTime();
        MultitaskModel.Pooled pooled = multitask.encode(b);
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
      for (int from = 0; from < inputs.size(); from += batchSize) {
        List<Input> b = inputs.subList(from, Math.min(inputs.size(), from + batchSize));
        for (MultitaskModel s : singles) {
          s.probabilities(b);
        }
      }
      bestSt = Math.min(bestSt, (System.nanoTime() - s0) / 1e9);
    }
    return new SpeedRecord(
        inputs.size(), batchSize, multitask.heads().size(), bestMt, bestSt, encoder, heads, rounds);
  }
}
