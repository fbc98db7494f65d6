package org.mtc.tasks.eval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Formats task scores as a plain-text table for terminals and logs:
 *
 * <pre>
 * task        n      accuracy  macro-F1  micro-F1
 * emotion     4968   0.6512    0.5321    -
 * goemotions  5427   0.4210    0.3912    0.5523
 * mean        10395  0.5361    0.4617
 * </pre>
 *
 * Scores have four decimals; micro-F1 is shown for tasks whose kind reports it (multi-label; for
 * single-label tasks it equals accuracy), and a kind's extra scores ({@link
 * org.mtc.core.TaskKind#extraScores}) get a column each, after micro-F1, when some task reports
 * them. The last row holds the unweighted means over tasks of accuracy and macro-F1 and the total
 * {@code n}. Stateless and thread-safe.
 */
public final class MetricsTable {
  private static final List<String> HEADER =
      List.of("task", "n", "accuracy", "macro-F1", "micro-F1");

  private MetricsTable() {}

  /**
   * The table of {@code metrics} (task name to scores, in map order), lines ending in {@code \n}.
   */
  public static String format(Map<String, TaskMetrics> metrics) {
    Set<String> extra = new LinkedHashSet<>();
    metrics.values().forEach(m -> extra.addAll(m.extra().keySet()));
    List<String> header = new ArrayList<>(HEADER);
    header.addAll(extra);
    List<String> columns = new ArrayList<>(TaskMetrics.COMMON_SCORES);
    columns.addAll(extra);
    List<String[]> rows = new ArrayList<>();
    rows.add(header.toArray(String[]::new));
    double accuracy = 0;
    double macro = 0;
    long n = 0;
    for (Map.Entry<String, TaskMetrics> e : metrics.entrySet()) {
      TaskMetrics m = e.getValue();
      Map<String, Double> scores = m.scores();
      List<String> row = new ArrayList<>(List.of(e.getKey(), Integer.toString(m.n())));
      columns.forEach(c -> row.add(scores.containsKey(c) ? score(scores.get(c)) : "-"));
      rows.add(row.toArray(String[]::new));
      accuracy += m.accuracy();
      macro += m.macroF1();
      n += m.n();
    }
    if (!metrics.isEmpty()) {
      rows.add(
          new String[] {
            "mean",
            Long.toString(n),
            score(accuracy / metrics.size()),
            score(macro / metrics.size()),
            ""
          });
    }
    int[] widths = new int[header.size()];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        line.append(row[c]);
        if (c < row.length - 1) {
          line.append(" ".repeat(widths[c] - row[c].length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  private static String score(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }
}
