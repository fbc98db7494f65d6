package org.mtc.tasks.train;

import java.util.List;
import org.mtc.core.TaskHead;
import org.mtc.tasks.data.Example;

/**
 * The head's loss towards the gold labels: the target rows of the head's kind ({@link
 * Example#target( org.mtc.core.TaskKind, int)}: one-hot rows for single-label tasks, multi-hot rows
 * for multi-label ones), every example weighted alike. Stateless.
 */
final class GoldLabelLoss implements StepLoss {
  @Override
  public TaskHead.HeadLoss forwardBackward(
      TaskHead head, float[][] pooled, List<Example> batch, long step, long seed) {
    return head.forwardBackward(pooled, targets(head, batch), seed);
  }

  /** The gold target rows of {@code batch}, {@code [batch, labels]}. */
  static float[][] targets(TaskHead head, List<Example> batch) {
    float[][] targets = new float[batch.size()][];
    for (int i = 0; i < batch.size(); i++) {
      targets[i] = batch.get(i).target(head.kind(), head.labels().size());
    }
    return targets;
  }
}
