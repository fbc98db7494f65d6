package org.mtc.serve;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mtc.core.Input;
import org.mtc.core.task.TaskSet;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.Prediction;

/**
 * A classifier that waits {@code delayMillis} before each call of another one and records every
 * call's size.
 */
class SlowClassifier implements Classifier {
  final Classifier inner;
  final long delayMillis;
  final List<Integer> calls = new CopyOnWriteArrayList<>();
  volatile boolean closed;

  SlowClassifier(Classifier inner, long delayMillis) {
    this.inner = inner;
    this.delayMillis = delayMillis;
  }

  @Override
  public Map<String, List<String>> labels() {
    return inner.labels();
  }

  @Override
  public TaskSet tasks() {
    return inner.tasks();
  }

  @Override
  public String engine() {
    return inner.engine();
  }

  @Override
  public List<Prediction> predict(List<Input> inputs) {
    calls.add(inputs.size());
    try {
      Thread.sleep(delayMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return inner.predict(inputs);
  }

  @Override
  public void close() {
    closed = true;
    inner.close();
  }
}
