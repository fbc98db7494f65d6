package org.mtc.heads;

import java.util.Arrays;
import org.mtc.core.MtcException;

/**
 * Tunes the per-label decision thresholds of a multi-label head on dev data for one {@link
 * MultiLabelMetric}. Candidates are the grid {0.05, 0.10, ..., 0.95}; ties go to the value closest
 * to 0.5.
 *
 * <ul>
 *   <li>{@code macro-f1} is a mean of per-label scores, each depending on its own threshold only,
 *       so each label's F1-best threshold maximises it exactly; a label without positives in the
 *       dev data keeps 0.5.
 *   <li>{@code micro-f1} and {@code exact-match} couple the labels, so they are maximised by
 *       coordinate ascent: starting from 0.5 everywhere, each label in turn takes its best
 *       threshold given the others, in sweeps until nothing changes (at most {@value #MAX_SWEEPS}).
 *       The result scores at least as well on the tuning data as the untuned 0.5 thresholds.
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class ThresholdTuning {
  static final float DEFAULT_THRESHOLD = 0.5f;
  static final int GRID = 20;
  static final int MAX_SWEEPS = 10;
  private static final double EPS = 1e-12;

  private ThresholdTuning() {}

  /**
   * Thresholds tuned on dev data to maximise {@code metric}, for {@link
   * org.mtc.core.TaskHead#setThresholds}.
   *
   * @param probabilities {@code [n, labels]} as a head's {@code probabilities} returns them
   * @param gold {@code [n][labels]}: whether each label is present
   * @return thresholds {@code [labels]}
   * @throws MtcException when the rows do not all have the same number of labels
   */
  public static float[] tune(float[][] probabilities, boolean[][] gold, MultiLabelMetric metric) {
    int labels = check(probabilities, gold);
    int[] chosen = new int[labels];
    Arrays.fill(chosen, GRID / 2);
    switch (metric) {
      case MACRO_F1 -> perLabelF1(probabilities, gold, chosen);
      case MICRO_F1 -> microF1(probabilities, gold, chosen);
      case EXACT_MATCH -> exactMatch(probabilities, gold, chosen);
    }
    float[] out = new float[labels];
    for (int j = 0; j < labels; j++) {
      out[j] = (float) chosen[j] / GRID;
    }
    return out;
  }

  private static void perLabelF1(float[][] p, boolean[][] gold, int[] chosen) {
    for (int j = 0; j < chosen.length; j++) {
      long[][] c = counts(p, gold, j);
      if (c[1][0] + c[1][2] == 0) {
        continue; // no positives: every threshold scores 0, keep the default
      }
      double best = -1;
      for (int k = 1; k < GRID; k++) {
        double f1 = f1(c[k][0], c[k][1], c[k][2]);
        if (better(f1, best, k, chosen[j])) {
          best = f1;
          chosen[j] = k;
        }
      }
    }
  }

  private static void microF1(float[][] p, boolean[][] gold, int[] chosen) {
    int labels = chosen.length;
    long[][][] c = new long[labels][][];
    long[] total = new long[3];
    for (int j = 0; j < labels; j++) {
      c[j] = counts(p, gold, j);
      for (int s = 0; s < 3; s++) {
        total[s] += c[j][chosen[j]][s];
      }
    }
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      boolean changed = false;
      for (int j = 0; j < labels; j++) {
        long tp = total[0] - c[j][chosen[j]][0];
        long fp = total[1] - c[j][chosen[j]][1];
        long fn = total[2] - c[j][chosen[j]][2];
        int was = chosen[j];
        double best = f1(tp + c[j][was][0], fp + c[j][was][1], fn + c[j][was][2]);
        for (int k = 1; k < GRID; k++) {
          double f1 = f1(tp + c[j][k][0], fp + c[j][k][1], fn + c[j][k][2]);
          if (better(f1, best, k, chosen[j])) {
            best = f1;
            chosen[j] = k;
          }
        }
        for (int s = 0; s < 3; s++) {
          total[s] += c[j][chosen[j]][s] - c[j][was][s];
        }
        changed |= chosen[j] != was;
      }
      if (!changed) {
        return;
      }
    }
  }

  private static void exactMatch(float[][] p, boolean[][] gold, int[] chosen) {
    int n = gold.length;
    int labels = chosen.length;
    int[] wrong = new int[n];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < labels; j++) {
        wrong[r] += wrong(p[r][j], gold[r][j], chosen[j]) ? 1 : 0;
      }
    }
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      boolean changed = false;
      for (int j = 0; j < labels; j++) {
        int was = chosen[j];
        long[] exact = new long[GRID];
        for (int r = 0; r < n; r++) {
          int others = wrong[r] - (wrong(p[r][j], gold[r][j], was) ? 1 : 0);
          if (others != 0) {
            continue;
          }
          for (int k = 1; k < GRID; k++) {
            exact[k] += wrong(p[r][j], gold[r][j], k) ? 0 : 1;
          }
        }
        double best = exact[was];
        for (int k = 1; k < GRID; k++) {
          if (better(exact[k], best, k, chosen[j])) {
            best = exact[k];
            chosen[j] = k;
          }
        }
        if (chosen[j] != was) {
          changed = true;
          for (int r = 0; r < n; r++) {
            wrong[r] +=
                (wrong(p[r][j], gold[r][j], chosen[j]) ? 1 : 0)
                    - (wrong(p[r][j], gold[r][j], was) ? 1 : 0);
          }
        }
      }
      if (!changed) {
        return;
      }
    }
  }

  /**
   * Whether grid value {@code k} (score {@code score}) beats the current one ({@code best} at
   * {@code current}).
   */
  private static boolean better(double score, double best, int k, int current) {
    return score > best + EPS
        || Math.abs(score - best) <= EPS && Math.abs(k - GRID / 2) < Math.abs(current - GRID / 2);
  }

  private static boolean wrong(float probability, boolean gold, int k) {
    return (probability >= (float) k / GRID) != gold;
  }

  /** {@code [grid][tp, fp, fn]} of label {@code j}. */
  private static long[][] counts(float[][] p, boolean[][] gold, int j) {
    long[][] c = new long[GRID][3];
    for (int k = 1; k < GRID; k++) {
      float threshold = (float) k / GRID;
      for (int r = 0; r < gold.length; r++) {
        boolean predicted = p[r][j] >= threshold;
        if (predicted && gold[r][j]) {
          c[k][0]++;
        } else if (predicted) {
          c[k][1]++;
        } else if (gold[r][j]) {
          c[k][2]++;
        }
      }
    }
    return c;
  }

  private static double f1(long tp, long fp, long fn) {
    return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
  }

  private static int check(float[][] probabilities, boolean[][] gold) {
    if (probabilities.length != gold.length) {
      throw new MtcException(
          "tuneThresholds: "
              + probabilities.length
              + " probability rows but "
              + gold.length
              + " gold rows");
    }
    int labels = probabilities.length == 0 ? 0 : probabilities[0].length;
    for (int r = 0; r < gold.length; r++) {
      if (probabilities[r].length != labels || gold[r].length != labels) {
        throw new MtcException(
            "tuneThresholds: row "
                + r
                + " has "
                + probabilities[r].length
                + " probabilities and "
                + gold[r].length
                + " gold values; expected "
                + labels
                + " of each");
      }
    }
    return labels;
  }
}
