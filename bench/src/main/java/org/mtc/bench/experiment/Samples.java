package org.mtc.bench.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.data.SeededSample;

/**
 * Mixed samples of several tasks' examples, the same for every model (seeded ones: {@link
 * SeededSample}).
 */
public final class Samples {
  private Samples() {}

  /**
   * {@code n} examples taken round-robin from every task's examples (repeating when there are
   * fewer).
   */
  public static List<Example> mixed(Map<String, List<Example>> byTask, int n) {
    List<Example> out = new ArrayList<>(n);
    List<List<Example>> lists = byTask.values().stream().filter(l -> !l.isEmpty()).toList();
    for (int i = 0; !lists.isEmpty() && out.size() < n; i++) {
      List<Example> l = lists.get(i % lists.size());
      out.add(l.get((i / lists.size()) % l.size()));
    }
    return out;
  }
}
