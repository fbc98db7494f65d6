package org.mtc.bench.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a frozen add left the old tasks' answers bitwise as they were: every probability of every
 * old task on every test example of the source model compared with the new model's, bit for bit.
 *
 * @param equal whether every probability is bit for bit the source's
 * @param tasks the old tasks compared
 * @param values the probabilities compared
 * @param differing the tasks with at least one differing value
 * @param differingValues how many values differ
 * @param maxAbsDifference the largest absolute difference (0 when equal)
 */
public record FrozenCheck(
    boolean equal,
    List<String> tasks,
    long values,
    List<String> differing,
    long differingValues,
    double maxAbsDifference) {
  public FrozenCheck {
    tasks = List.copyOf(tasks);
    differing = List.copyOf(differing);
  }

  /**
   * Compares {@code added}'s probabilities with {@code source}'s on the tasks of {@code source}.
   */
  static FrozenCheck of(Map<String, float[][]> source, Map<String, float[][]> added) {
    long values = 0;
    long differ = 0;
    double max = 0;
    List<String> differing = new ArrayList<>();
    for (var e : source.entrySet()) {
      float[][] a = e.getValue();
      float[][] b = added.get(e.getKey());
      long before = differ;
      if (b == null || b.length != a.length) {
        differing.add(e.getKey());
        differ += a.length;
        max = Double.POSITIVE_INFINITY;
        continue;
      }
      for (int i = 0; i < a.length; i++) {
        for (int j = 0; j < a[i].length; j++) {
          values++;
          float y = j < b[i].length ? b[i][j] : Float.NaN;
          if (Float.floatToRawIntBits(a[i][j]) != Float.floatToRawIntBits(y)) {
            differ++;
            max = Math.max(max, Math.abs((double) a[i][j] - y));
          }
        }
      }
      if (differ > before) {
        differing.add(e.getKey());
      }
    }
    return new FrozenCheck(
        differ == 0, List.copyOf(source.keySet()), values, differing, differ, max);
  }

  /** One line: {@code yes (...)} or {@code NO: ...}. */
  public String summary() {
    if (equal) {
      return String.format(
          Locale.ROOT,
          "yes: all %,d probabilities of the %d old tasks on their test examples are bit for bit "
              + "the source's",
          values,
          tasks.size());
    }
    return String.format(
        Locale.ROOT,
        "NO: %,d of %,d probabilities differ (largest difference %.3g), in %s",
        differingValues,
        values,
        maxAbsDifference,
        String.join(", ", differing));
  }
}
