package org.mtc.tasks.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A seeded sample of a list that keeps the list's order: the training and dev caps of the trainer
 * and the data loader ({@code max-train-per-task}, {@code max-eval-per-task}) and the bench's test
 * cap all draw with it, so the same seed gives every model the same examples. Stateless and
 * thread-safe.
 */
public final class SeededSample {
  private SeededSample() {}

  /**
   * At most {@code max} items of {@code items} (all when {@code max} is 0 or less), chosen by a
   * shuffle seeded with {@code seed}, in their original order. Returns {@code items} itself when
   * nothing is left out, else a new list.
   */
  public static <T> List<T> of(List<T> items, int max, long seed) {
    if (max <= 0 || items.size() <= max) {
      return items;
    }
    List<Integer> order = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    List<Integer> kept = new ArrayList<>(order.subList(0, max));
    Collections.sort(kept);
    List<T> sample = new ArrayList<>(max);
    for (int i : kept) {
      sample.add(items.get(i));
    }
    return sample;
  }
}
