package org.mtc.heads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mtc.core.TaskHead;
import org.mtc.core.TaskKind;

class ConcurrencyTest {
  @ParameterizedTest
  @CsvSource({"SINGLE_LABEL", "MULTI_LABEL"})
  void probabilitiesFromEightThreadsEqualSingleThreaded(TaskKind kind) throws Exception {
    TaskHead head =
        Heads.create(
            "t", kind, HeadsFileTest.labels("t", 7), 32, new HeadSettings(true, 0.1, 0.2, true), 3);
    int inputs = 16;
    List<float[][]> batches = new ArrayList<>();
    List<float[][]> expected = new ArrayList<>();
    for (int i = 0; i < inputs; i++) {
      batches.add(GradientCheckTest.randomMatrix(1 + i % 9, 32, 1.0, i));
      expected.add(head.probabilities(batches.get(i)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int thread = 0; thread < 8; thread++) {
        int offset = thread;
        results.add(
            pool.submit(
                () -> {
                  boolean same = true;
                  for (int round = 0; round < 50; round++) {
                    int i = (offset + round) % inputs;
                    same &= Arrays.deepEquals(head.probabilities(batches.get(i)), expected.get(i));
                  }
                  return same;
                }));
      }
      for (Future<Boolean> f : results) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
