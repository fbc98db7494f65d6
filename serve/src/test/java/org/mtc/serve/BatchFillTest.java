package org.mtc.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mtc.core.Input;
import org.mtc.core.task.TaskSet;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.Prediction;

/**
 * Whether batches fill at saturation and a lone client does not wait: closed-loop callers of the
 * batcher alone, on a model whose calls take a fixed time. Asserts batch sizes, not speed.
 */
class BatchFillTest {
  /** Takes {@code millis} per call whatever its size; records the sizes. */
  static final class FixedTime implements Classifier {
    final long millis;
    final List<Integer> calls = new CopyOnWriteArrayList<>();

    FixedTime(long millis) {
      this.millis = millis;
    }

    @Override
    public Map<String, List<String>> labels() {
      return Map.of();
    }

    @Override
    public TaskSet tasks() {
      throw new UnsupportedOperationException();
    }

    @Override
    public String engine() {
      return "fixed-time";
    }

    @Override
    public List<Prediction> predict(List<Input> inputs) {
      calls.add(inputs.size());
      sleep(millis);
      return inputs.stream().map(i -> new Prediction(i, Map.of())).toList();
    }

    @Override
    public void close() {}
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * 16 closed-loop clients, as {@code mtc bench serve} runs them: each sends one sentence, waits
   * for its answer, and sends the next 1 ms later (its HTTP round trip). They start 2 ms apart, as
   * clients of a real server never arrive at once; a call takes 10 ms and max-delay is 5 ms.
   * Batching that runs the sentences queued during a call at once keeps the clients in the groups
   * the ramp made, taking turns (a mean of 8 here); batches at steady state must hold nearly all
   * 16.
   */
  @Test
  void sixteenClosedLoopClientsFillTheBatchAtSteadyState() throws Exception {
    FixedTime model = new FixedTime(10);
    int clients = 16;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try (DynamicBatcher batcher =
        new DynamicBatcher(model, 32, Duration.ofMillis(5), 100, n -> {})) {
      List<Future<Integer>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        done.add(
            pool.submit(
                () -> {
                  sleep(2L * client);
                  for (int i = 0; i < 60; i++) {
                    batcher.predict(List.of(Input.of(client + "/" + i)), Duration.ofSeconds(30));
                    sleep(1);
                  }
                  return client;
                }));
      }
      for (Future<Integer> f : done) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    List<Integer> calls = List.copyOf(model.calls);
    // steady state: past the ramp (the first 10 calls), before the clients finish (the last 10)
    List<Integer> steady = calls.subList(10, calls.size() - 10);
    double mean = steady.stream().mapToInt(Integer::intValue).average().orElse(0);
    assertThat(mean).as("mean batch at steady state; calls %s", calls).isGreaterThanOrEqualTo(14);
  }

  /**
   * One client alone: every sentence is a batch of one, started at once, not after max-delay (here
   * 10 s, longer than the request timeout).
   */
  @Test
  void aLoneClientDoesNotWaitForMaxDelay() throws Exception {
    FixedTime model = new FixedTime(1);
    try (DynamicBatcher batcher =
        new DynamicBatcher(model, 32, Duration.ofSeconds(10), 100, n -> {})) {
      for (int i = 0; i < 5; i++) {
        batcher.predict(List.of(Input.of("alone " + i)), Duration.ofSeconds(5));
      }
    }
    assertThat(model.calls).containsExactly(1, 1, 1, 1, 1);
  }
}
