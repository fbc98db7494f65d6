package org.mtc.tasks.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.mtc.tasks.data.Example;

/**
 * Endless batches of one task's training examples, pass after pass. Each pass is a seeded shuffle;
 * with length grouping the shuffled examples are cut into chunks of {@value #CHUNK_BATCHES}
 * batches, each chunk is sorted by token length and cut into batches, and all batches of the pass
 * are shuffled, so a batch holds texts of similar length (little padding) while the order of
 * batches stays random. A batch never spans two passes (the last batch of a chunk may be smaller).
 * Pass {@code p} depends only on the seed and {@code p}, so the position ({@link #pass()}, {@link
 * #position()}) is all a resumed run needs to continue exactly. Not thread-safe.
 */
final class TaskBatches {
  /** Batches per length-sorted chunk. */
  static final int CHUNK_BATCHES = 50;

  /**
   * One batch and its token counts: {@code realTokens} summed over texts, {@code paddedTokens} =
   * size × longest.
   */
  record Batch(List<Example> examples, long realTokens, long paddedTokens) {}

  private final List<Example> examples;
  private final int[] lengths;
  private final int batchSize;
  private final boolean group;
  private final long seed;
  private List<int[]> batches;
  private long pass;
  private int position;

  /**
   * @param lengths token count of each example (as the encoder sees it), same order as {@code
   *     examples}
   */
  TaskBatches(List<Example> examples, int[] lengths, int batchSize, boolean group, long seed) {
    if (lengths.length != examples.size()) {
      throw new IllegalArgumentException(
          lengths.length + " lengths for " + examples.size() + " examples");
    }
    this.examples = List.copyOf(examples);
    this.lengths = lengths.clone();
    this.batchSize = batchSize;
    this.group = group;
    this.seed = seed;
    this.batches = build(0);
  }

  /** The next batch (empty only when the task has no examples). */
  Batch next() {
    if (position >= batches.size()) {
      pass++;
      batches = build(pass);
      position = 0;
    }
    if (batches.isEmpty()) {
      return new Batch(List.of(), 0, 0);
    }
    int[] idx = batches.get(position++);
    List<Example> out = new ArrayList<>(idx.length);
    long real = 0;
    int longest = 0;
    for (int i : idx) {
      out.add(examples.get(i));
      real += lengths[i];
      longest = Math.max(longest, lengths[i]);
    }
    return new Batch(List.copyOf(out), real, (long) longest * idx.length);
  }

  /** Every training example of the task, in the order given. */
  List<Example> examples() {
    return examples;
  }

  /** The pass the next batch comes from (0-based). */
  long pass() {
    return pass;
  }

  /** Batches of the current pass already handed out. */
  int position() {
    return position;
  }

  /**
   * Continues at batch {@code position} of pass {@code pass}, as a run that stopped there would.
   */
  void seek(long pass, int position) {
    this.pass = pass;
    this.batches = build(pass);
    this.position = position;
  }

  private List<int[]> build(long p) {
    Random random = new Random(seed * 0x9E3779B97F4A7C15L + p);
    List<Integer> order = new ArrayList<>(examples.size());
    for (int i = 0; i < examples.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    List<int[]> out = new ArrayList<>();
    int chunk = group ? CHUNK_BATCHES * batchSize : Math.max(1, order.size());
    for (int from = 0; from < order.size(); from += chunk) {
      List<Integer> part =
          new ArrayList<>(order.subList(from, Math.min(order.size(), from + chunk)));
      if (group) {
        part.sort(Comparator.comparingInt(i -> lengths[i]));
      }
      for (int b = 0; b < part.size(); b += batchSize) {
        out.add(
            part.subList(b, Math.min(part.size(), b + batchSize)).stream()
                .mapToInt(Integer::intValue)
                .toArray());
      }
    }
    if (group) {
      Collections.shuffle(out, random);
    }
    return out;
  }
}
