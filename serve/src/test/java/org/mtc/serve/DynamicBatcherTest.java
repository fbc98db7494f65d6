package org.mtc.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.mtc.core.Input;
import org.mtc.core.task.TaskSet;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.Prediction;

/** The batcher alone, on a classifier that echoes its inputs and can be held. */
class DynamicBatcherTest {
  /**
   * Answers each input with a prediction of no task; waits for {@code gate} first; records call
   * sizes.
   */
  static final class Echo implements Classifier {
    final CountDownLatch gate;
    final List<List<String>> calls = new CopyOnWriteArrayList<>();

    Echo(CountDownLatch gate) {
      this.gate = gate;
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
      return "echo";
    }

    @Override
    public List<Prediction> predict(List<Input> inputs) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      calls.add(inputs.stream().map(Input::text).toList());
      return inputs.stream().map(i -> new Prediction(i, Map.of())).toList();
    }

    @Override
    public void close() {}
  }

  /** Waits (at most 10 s) until the worker has taken everything queued. */
  static void awaitEmpty(DynamicBatcher batcher) throws InterruptedException {
    for (int i = 0; i < 1000 && batcher.depth() > 0; i++) {
      Thread.sleep(10);
    }
    assertThat(batcher.depth()).isZero();
  }

  @Test
  void sentencesQueuedWhileTheModelIsBusyRunTogetherAndEachCallerGetsItsOwnInOrder()
      throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    Echo echo = new Echo(gate);
    try (DynamicBatcher batcher = new DynamicBatcher(echo, 8, Duration.ofMillis(1), 100, n -> {})) {
      var first = batcher.submit(List.of(Input.of("first")));
      awaitEmpty(batcher); // the worker holds "first" at the gate
      var a = batcher.submit(List.of(Input.of("a1"), Input.of("a2"), Input.of("a3")));
      var b = batcher.submit(List.of(Input.of("b1"), Input.of("b2")));
      assertThat(batcher.depth()).isEqualTo(5);
      gate.countDown();
      assertThat(first.get(0).get().input().text()).isEqualTo("first");
      assertThat(a.stream().map(f -> f.join().input().text()).toList())
          .containsExactly("a1", "a2", "a3");
      assertThat(b.stream().map(f -> f.join().input().text()).toList()).containsExactly("b1", "b2");
      assertThat(echo.calls)
          .containsExactly(List.of("first"), List.of("a1", "a2", "a3", "b1", "b2"));
    }
  }

  @Test
  void aFullQueueRefusesTheWholeRequestAndATimedOutRequestIsWithdrawn() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    Echo echo = new Echo(gate);
    try (DynamicBatcher batcher = new DynamicBatcher(echo, 1, Duration.ZERO, 3, n -> {})) {
      batcher.submit(List.of(Input.of("held")));
      awaitEmpty(batcher);
      assertThatThrownBy(
              () ->
                  batcher.submit(
                      List.of(Input.of("1"), Input.of("2"), Input.of("3"), Input.of("4"))))
          .isInstanceOf(DynamicBatcher.QueueFullException.class)
          .hasMessageContaining("queue-capacity");
      assertThat(batcher.depth()).as("none of the refused request was queued").isZero();
      assertThatThrownBy(() -> batcher.predict(List.of(Input.of("late")), Duration.ofMillis(50)))
          .isInstanceOf(TimeoutException.class);
      gate.countDown();
      assertThat(
              batcher
                  .predict(List.of(Input.of("next")), Duration.ofSeconds(5))
                  .get(0)
                  .input()
                  .text())
          .isEqualTo("next");
      assertThat(echo.calls).as("the withdrawn sentence never ran").doesNotContain(List.of("late"));
    }
  }

  @Test
  void closingAnswersWhatIsQueuedAndRefusesMore() throws Exception {
    Echo echo = new Echo(new CountDownLatch(0));
    DynamicBatcher batcher = new DynamicBatcher(echo, 4, Duration.ofSeconds(10), 10, n -> {});
    var queued = batcher.submit(List.of(Input.of("x")));
    batcher.close(Duration.ofSeconds(5));
    assertThat(queued.get(0).isDone()).isTrue();
    assertThatThrownBy(() -> batcher.submit(List.of(Input.of("y"))))
        .isInstanceOf(DynamicBatcher.QueueFullException.class)
        .hasMessageContaining("shutting down");
  }
}
