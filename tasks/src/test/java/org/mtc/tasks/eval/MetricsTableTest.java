package org.mtc.tasks.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtc.core.LabelSpace;

class MetricsTableTest {
  @Test
  void formatsOneRowPerTaskAndTheMeans() {
    Map<String, TaskMetrics> metrics = new LinkedHashMap<>();
    metrics.put(
        "emotion",
        Metrics.singleLabel(
            "emotion",
            new LabelSpace("emotion", List.of("a", "b")),
            new int[] {0, 1, 1, 0},
            new int[] {0, 1, 0, 0}));
    metrics.put(
        "goemotions",
        Metrics.multiLabel(
            "goemotions",
            new LabelSpace("goemotions", List.of("x", "y")),
            new boolean[][] {{true, false}, {true, true}},
            new boolean[][] {{true, false}, {true, false}}));
    String table = MetricsTable.format(metrics);
    assertThat(table)
        .isEqualTo(
            ""
                + "task        n  accuracy  macro-F1  micro-F1\n"
                + "emotion     4  0.7500    0.7333    -\n"
                + "goemotions  2  0.5000    0.5000    0.8000\n"
                + "mean        6  0.6250    0.6167\n");
  }

  @Test
  void emptyMapGivesTheHeaderOnly() {
    assertThat(MetricsTable.format(Map.of())).isEqualTo("task  n  accuracy  macro-F1  micro-F1\n");
  }
}
