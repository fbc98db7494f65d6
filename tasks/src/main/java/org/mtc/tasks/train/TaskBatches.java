package org.mtc.tasks.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.mtc.tasks.data.Example;

/**
 * Endless batches of one task's training examples: a seeded shuffle, consumed in order, reshuffled after each
 * pass. A batch never spans two passes (the last one of a pass may be smaller). Not thread-safe.
 */
final class TaskBatches {
  private final List<Example> examples;
  private final Random random;
  private int position;

  TaskBatches(List<Example> examples, long seed) {
    this.examples = new ArrayList<>(examples);
    this.random = new Random(seed);
    Collections.shuffle(this.examples, random);
  }

  List<Example> next(int batchSize) {
    if (position >= examples.size()) {
      Collections.shuffle(examples, random);
      position = 0;
    }
    int to = Math.min(examples.size(), position + batchSize);
    List<Example> batch = List.copyOf(examples.subList(position, to));
    position = to;
    return batch;
  }

  /** A seeded sample of at most {@code max} examples (all when {@code max} is 0), in their original order. */
  static List<Example> sample(List<Example> examples, int max, long seed) {
    if (max <= 0 || examples.size() <= max) {
      return examples;
    }
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      idx.add(i);
    }
    Collections.shuffle(idx, new Random(seed));
    List<Integer> kept = new ArrayList<>(idx.subList(0, max));
    Collections.sort(kept);
    List<Example> out = new ArrayList<>(max);
    for (int i : kept) {
      out.add(examples.get(i));
    }
    return out;
  }
}
