package org.mtc.bench.experiment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.mtc.tasks.data.Example;

/** Seeded samples of examples and texts; the same seed gives the same sample to every model. */
final class Samples {
  private Samples() {
  }

  /** At most {@code max} examples (0: all), drawn with {@code seed}, kept in file order. */
  static List<Example> seeded(List<Example> examples, int max, long seed) {
    if (max <= 0 || examples.size() <= max) {
      return List.copyOf(examples);
    }
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      idx.add(i);
    }
    Collections.shuffle(idx, new Random(seed));
    List<Integer> keep = new ArrayList<>(idx.subList(0, max));
    Collections.sort(keep);
    return keep.stream().map(examples::get).toList();
  }

  /** {@code n} examples taken round-robin from every task's examples (repeating when there are fewer). */
  static List<Example> mixed(Map<String, List<Example>> byTask, int n) {
    List<Example> out = new ArrayList<>(n);
    List<List<Example>> lists = byTask.values().stream().filter(l -> !l.isEmpty()).toList();
    for (int i = 0; !lists.isEmpty() && out.size() < n; i++) {
      List<Example> l = lists.get(i % lists.size());
      out.add(l.get((i / lists.size()) % l.size()));
    }
    return out;
  }
}
