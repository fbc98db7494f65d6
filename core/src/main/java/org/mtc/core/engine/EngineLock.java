package org.mtc.core.engine;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.mtc.core.MtcException;

/**
 * The read/write lock and the closed state every engine's backbone keeps: inference and saving run
 * under the read lock (many threads at once), training steps and closing under the write lock
 * (alone), and every run checks first that the backbone is still open. A thread holding the write
 * lock may also read. Thread-safe; owned by one backbone.
 */
public final class EngineLock {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final String owner;
  private volatile boolean closed;

  /**
   * @param owner names the backbone in the "is closed" error, e.g. "the djl backbone of
   *     /models/minilm"
   */
  public EngineLock(String owner) {
    this.owner = owner;
  }

  /**
   * @throws MtcException when the backbone is closed
   */
  public void checkOpen() {
    if (closed) {
      throw new MtcException(owner + " is closed");
    }
  }

  /** Runs {@code work} under the read lock once the backbone is known to be open. */
  public <T> T read(Supplier<T> work) {
    return locked(lock.readLock(), work);
  }

  /** As {@link #read(Supplier)} for work without a result. */
  public void read(Runnable work) {
    locked(lock.readLock(), noResult(work));
  }

  /** Runs {@code work} under the write lock once the backbone is known to be open. */
  public <T> T write(Supplier<T> work) {
    return locked(lock.writeLock(), work);
  }

  /** As {@link #write(Supplier)} for work without a result. */
  public void write(Runnable work) {
    locked(lock.writeLock(), noResult(work));
  }

  private <T> T locked(Lock held, Supplier<T> work) {
    held.lock();
    try {
      checkOpen();
      return work.get();
    } finally {
      held.unlock();
    }
  }

  private static Supplier<Void> noResult(Runnable work) {
    return () -> {
      work.run();
      return null;
    };
  }

  /**
   * Marks the backbone closed and runs {@code release} once, under the write lock (waits for
   * running work).
   */
  public void close(Runnable release) {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        release.run();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
