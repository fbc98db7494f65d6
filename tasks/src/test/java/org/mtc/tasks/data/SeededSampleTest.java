package org.mtc.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SeededSampleTest {
  private static final List<Integer> ITEMS = IntStream.range(0, 50).boxed().toList();

  @Test
  void keepsEverythingWhenNothingIsCappedAndTheOrderOtherwise() {
    assertThat(SeededSample.of(ITEMS, 0, 1)).isSameAs(ITEMS);
    assertThat(SeededSample.of(ITEMS, 50, 1)).isSameAs(ITEMS);
    List<Integer> sample = SeededSample.of(ITEMS, 10, 7);
    assertThat(sample).hasSize(10).isSorted().doesNotHaveDuplicates().isSubsetOf(ITEMS);
    assertThat(SeededSample.of(ITEMS, 10, 7)).isEqualTo(sample);
    assertThat(SeededSample.of(ITEMS, 10, 8)).isNotEqualTo(sample);
  }

  /**
   * The data loader drew its training cap with a hand-written Fisher-Yates shuffle; the samples
   * stay the same.
   */
  @Test
  void drawsTheSameSampleAsTheDataLoadersFormerShuffle() {
    for (long seed = 0; seed < 20; seed++) {
      assertThat(SeededSample.of(ITEMS, 13, seed)).isEqualTo(fisherYates(ITEMS, 13, seed));
    }
  }

  private static List<Integer> fisherYates(List<Integer> items, int max, long seed) {
    int[] order = IntStream.range(0, items.size()).toArray();
    Random random = new Random(seed);
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int[] kept = Arrays.copyOf(order, max);
    Arrays.sort(kept);
    List<Integer> out = new ArrayList<>();
    for (int i : kept) {
      out.add(items.get(i));
    }
    return out;
  }
}
