package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mtc.tasks.data.Example;

class TaskBatchesTest {
  private static List<Example> examples(int n) {
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Example("text " + i, new int[] {0}, "f:" + i));
    }
    return out;
  }

  private static int[] lengths(int n, long seed) {
    Random r = new Random(seed);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = 3 + r.nextInt(60);
    }
    return out;
  }

  private static List<List<String>> passes(TaskBatches b, int batches) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < batches; i++) {
      out.add(b.next().examples().stream().map(Example::text).toList());
    }
    return out;
  }

  @Test
  void groupingCutsPaddingAndStillCoversEveryExampleOncePerPass() {
    int n = 3200;
    int[] lengths = lengths(n, 1);
    TaskBatches grouped = new TaskBatches(examples(n), lengths, 32, true, 5);
    TaskBatches plain = new TaskBatches(examples(n), lengths, 32, false, 5);
    long groupedPadded = 0;
    long plainPadded = 0;
    long real = 0;
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < n / 32; i++) {
      TaskBatches.Batch g = grouped.next();
      TaskBatches.Batch p = plain.next();
      groupedPadded += g.paddedTokens();
      plainPadded += p.paddedTokens();
      real += p.realTokens();
      g.examples().forEach(e -> seen.add(e.text()));
    }
    assertThat(seen).hasSize(n);
    assertThat(grouped.pass()).isZero();
    assertThat(plainPadded).isGreaterThan((long) (1.5 * real));
    assertThat(groupedPadded).isLessThan((long) (1.1 * real));
  }

  @Test
  void theSameSeedRepeatsTheBatchesAndSeekContinuesExactly() {
    int n = 500;
    int[] lengths = lengths(n, 2);
    List<List<String>> a = passes(new TaskBatches(examples(n), lengths, 16, true, 9), 70);
    assertThat(passes(new TaskBatches(examples(n), lengths, 16, true, 9), 70)).isEqualTo(a);
    assertThat(passes(new TaskBatches(examples(n), lengths, 16, true, 10), 70)).isNotEqualTo(a);
    TaskBatches first = new TaskBatches(examples(n), lengths, 16, true, 9);
    passes(first, 40);
    TaskBatches resumed = new TaskBatches(examples(n), lengths, 16, true, 9);
    resumed.seek(first.pass(), first.position());
    assertThat(passes(resumed, 30)).isEqualTo(a.subList(40, 70));
  }
}
