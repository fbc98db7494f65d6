package org.mtc.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mtc.core.MtcException;

class EngineLockTest {
  @Test
  void workRunsWhileOpenAndIsRefusedNamingTheOwnerAfterClose() {
    EngineLock lock = new EngineLock("the toy backbone of /m");
    assertThat(lock.read(() -> 1)).isEqualTo(1);
    assertThat(lock.write(() -> lock.read(() -> 2))).isEqualTo(2); // a writer may read
    AtomicInteger released = new AtomicInteger();
    lock.close(released::incrementAndGet);
    lock.close(released::incrementAndGet);
    assertThat(released).hasValue(1);
    assertThatThrownBy(() -> lock.read(() -> 1))
        .isInstanceOf(MtcException.class)
        .hasMessage("the toy backbone of /m is closed");
    assertThatThrownBy(() -> lock.write(() -> {})).isInstanceOf(MtcException.class);
    assertThatThrownBy(lock::checkOpen).isInstanceOf(MtcException.class);
  }

  @Test
  void readersShareAndCloseWaitsForThem() throws Exception {
    EngineLock lock = new EngineLock("b");
    CountDownLatch bothIn = new CountDownLatch(2);
    CountDownLatch leave = new CountDownLatch(1);
    Runnable reader =
        () ->
            lock.read(
                () -> {
                  bothIn.countDown();
                  try {
                    leave.await(10, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    Thread a = new Thread(reader);
    Thread b = new Thread(reader);
    a.start();
    b.start();
    assertThat(bothIn.await(10, TimeUnit.SECONDS)).as("two readers at once").isTrue();
    AtomicInteger released = new AtomicInteger();
    Thread closer = new Thread(() -> lock.close(released::incrementAndGet));
    closer.start();
    Thread.sleep(100);
    assertThat(released).as("close waits for running readers").hasValue(0);
    leave.countDown();
    closer.join(10_000);
    a.join(10_000);
    b.join(10_000);
    assertThat(released).hasValue(1);
  }
}
