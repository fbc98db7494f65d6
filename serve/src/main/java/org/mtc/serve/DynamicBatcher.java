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
 * thread runs them through the classifier together, at most {@code maxBatch} per call, waiting at
 * most {@code maxDelay} after the oldest waiting sentence arrived for more (so a sentence queued
 * while the model was busy runs at once). Each request gets its own predictions back, in its order.
 * Sentences with and without a dialog context share a batch: the classifier encodes the pairs of
 * the rows that have a context, and each text alone once.
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
      try {
        List<Prediction> predictions = classifier.predict(batch.stream().map(Item::input).toList());
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).answer().complete(predictions.get(i));
        }
      } catch (RuntimeException | Error e) {
        batch.forEach(item -> item.answer().completeExceptionally(e));
      }
    }
  }

  /**
   * Up to maxBatch live items once the batch is full or the oldest has waited maxDelay; null when
   * closed.
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
      long deadline = queue.peekFirst().queuedNanos() + maxDelayNanos;
      while (queue.size() < maxBatch && !closed) {
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
