package org.mtc.serve;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import org.mtc.core.Input;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.Prediction;

/**
 * Dynamic batching: sentences of concurrent requests wait in one bounded queue, and a single worker
 * thread runs them through the classifier together, at most {@code maxBatch} per call.
 *
 * <p>How long the worker waits for a batch to fill: it expects the next call to hold as many
 * sentences as the last call answered plus those that queued while it ran (closed-loop clients
 * answered by the last call send again a moment later), at most {@code maxBatch}, and starts the
 * call as soon as that many are queued. Short of that it waits at most {@code maxDelay}, and never
 * longer than the last call took, counted from the later of the oldest sentence's arrival and the
 * end of the last call: so no sentence waits more than {@code maxDelay} beyond the moment the model
 * was free to take it, and a lone client, whose last call held one sentence, never waits. (Running
 * sentences queued while the model was busy at once, as this class did before, split saturating
 * closed-loop clients into groups that took turns: docs/serve.md.) Each request gets its own
 * predictions back, in its order. Sentences with and without a dialog context share a batch: the
 * classifier encodes the pairs of the rows that have a context, and each text alone once.
 *
 * <p>Thread-safe: any number of request threads may call {@link #predict}. Does not own the
 * classifier.
 */
public final class DynamicBatcher implements AutoCloseable {
  /**
   * The queue cannot take a request's sentences now; the caller should answer 503 with Retry-After.
   */
  public static final class QueueFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    QueueFullException(String message) {
      super(message);
    }
  }

  private record Item(Input input, CompletableFuture<Prediction> answer, long queuedNanos) {}

  private final Classifier classifier;
  private final int maxBatch;
  private final long maxDelayNanos;
  private final int capacity;
  private final IntConsumer batchSizes;
  private final ArrayDeque<Item> queue = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition waiting = lock.newCondition();
  private final Thread worker;
  private boolean closed;
  // the worker's view of the load, under lock: sentences it expects in the next call, when the
  // last call ended, how long it may wait for the expected ones
  private int expected = 1;
  private long freeSinceNanos = Long.MIN_VALUE;
  private long fillWaitNanos;

  /**
   * Starts the worker thread.
   *
   * @param batchSizes told the size of every model call (for metrics), on the worker thread
   */
  public DynamicBatcher(
      Classifier classifier,
      int maxBatch,
      Duration maxDelay,
      int capacity,
      IntConsumer batchSizes) {
    this.classifier = classifier;
    this.maxBatch = maxBatch;
    this.maxDelayNanos = maxDelay.toNanos();
    this.capacity = capacity;
    this.batchSizes = batchSizes;
    this.fillWaitNanos = maxDelayNanos;
    this.worker = new Thread(this::work, "mtc-serve-batcher");
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * The predictions of {@code inputs}, in order, computed in batches shared with other callers.
   *
   * @throws QueueFullException when the queue has no room for all of {@code inputs} (none is queued
   *     then)
   * @throws TimeoutException when the answers are not all there within {@code timeout} (the
   *     sentences still waiting are withdrawn)
   */
  public List<Prediction> predict(List<Input> inputs, Duration timeout)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<CompletableFuture<Prediction>> answers = submit(inputs);
    List<Prediction> out = new ArrayList<>(inputs.size());
    try {
      for (CompletableFuture<Prediction> a : answers) {
        out.add(a.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    } catch (TimeoutException | InterruptedException | CancellationException e) {
      answers.forEach(a -> a.cancel(false));
      if (e instanceof CancellationException) {
        throw new IllegalStateException("the batcher was closed before the prediction ran");
      }
      throw e;
    }
    return out;
  }

  /** Queues all of {@code inputs} or none. */
  List<CompletableFuture<Prediction>> submit(List<Input> inputs) {
    List<CompletableFuture<Prediction>> answers = new ArrayList<>(inputs.size());
    long now = System.nanoTime();
    lock.lock();
    try {
      if (closed) {
        throw new QueueFullException("the server is shutting down");
      }
      if (queue.size() + inputs.size() > capacity) {
        throw new QueueFullException(
            "the queue holds "
                + queue.size()
                + " of "
                + capacity
                + " sentences "
                + "(mtc.serve.queue-capacity) and cannot take "
                + inputs.size()
                + " more; retry shortly");
      }
      for (Input input : inputs) {
        CompletableFuture<Prediction> answer = new CompletableFuture<>();
        queue.add(new Item(input, answer, now));
        answers.add(answer);
      }
      waiting.signalAll();
    } finally {
      lock.unlock();
    }
    return answers;
  }

  /** Sentences waiting for the model now. */
  public int depth() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  private void work() {
    while (true) {
      List<Item> batch = nextBatch();
      if (batch == null) {
        return;
      }
      if (batch.isEmpty()) {
        continue;
      }
      batchSizes.accept(batch.size());
      long started = System.nanoTime();
      try {
        List<Prediction> predictions = classifier.predict(batch.stream().map(Item::input).toList());
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).answer().complete(predictions.get(i));
        }
      } catch (RuntimeException | Error e) {
        batch.forEach(item -> item.answer().completeExceptionally(e));
      }
      called(batch.size(), started, System.nanoTime());
    }
  }

  /**
   * After a call of {@code size} sentences: the next is expected to hold those (their clients send
   * again) and the ones that queued meanwhile; waiting for them beyond the length of this call
   * would cost more than running the late ones in a call of their own.
   */
  private void called(int size, long started, long ended) {
    lock.lock();
    try {
      expected = size + queue.size();
      freeSinceNanos = ended;
      fillWaitNanos = Math.min(maxDelayNanos, ended - started);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Up to maxBatch live items once as many as expected are queued, or the oldest has waited the
   * fill wait since the model was free to take it; null when closed.
   */
  private List<Item> nextBatch() {
    lock.lock();
    try {
      while (queue.isEmpty()) {
        if (closed) {
          return null;
        }
        waiting.awaitUninterruptibly();
      }
      int target = Math.min(maxBatch, expected);
      long deadline = Math.max(queue.peekFirst().queuedNanos(), freeSinceNanos) + fillWaitNanos;
      while (queue.size() < target && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          waiting.awaitNanos(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      List<Item> batch = new ArrayList<>(Math.min(maxBatch, queue.size()));
      while (batch.size() < maxBatch && !queue.isEmpty()) {
        Item item = queue.pollFirst();
        if (!item.answer().isDone()) { // a request that timed out withdrew it
          batch.add(item);
        }
      }
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Lets the worker answer what is queued, then stops it (waiting at most {@code wait}).
   * Idempotent.
   */
  public void close(Duration wait) {
    lock.lock();
    try {
      closed = true;
      waiting.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      worker.join(Math.max(1, wait.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
