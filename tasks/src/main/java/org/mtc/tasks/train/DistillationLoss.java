package org.mtc.tasks.train;

import java.util.List;
import org.mtc.core.TaskHead;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.distill.DistillSettings;
import org.mtc.tasks.distill.TeacherTargets;

/**
 * The loss of a distilled run (BAM!, Clark et al., 2019): each example of a task with a teacher
 * trains towards λ · its gold row + (1 − λ) · the teacher's row, with λ from the {@link
 * DistillSettings#schedule} at the step. The heads' losses are linear in the target row, so this is
 * λ · gold loss + (1 − λ) · loss against the teacher. Examples of tasks without a teacher, and
 * every example at λ = 1, train on the gold rows exactly as {@link GoldLabelLoss} does; an {@link
 * Example#unlabelled} example trains towards its teacher's row alone, at every step. Stateless
 * apart from its fixed targets.
 */
final class DistillationLoss implements StepLoss {
  private final TeacherTargets teachers;
  private final DistillSettings settings;
  private final long totalSteps;

  DistillationLoss(TeacherTargets teachers, DistillSettings settings, long totalSteps) {
    this.teachers = teachers;
    this.settings = settings;
    this.totalSteps = totalSteps;
  }

  @Override
  public TaskHead.HeadLoss forwardBackward(
      TaskHead head, float[][] pooled, List<Example> batch, long step, long seed) {
    return head.forwardBackward(pooled, targets(head, batch, step), seed);
  }

  /**
   * The mixed target rows of {@code batch} at {@code step}, {@code [batch, labels]}: an {@link
   * Example#unlabelled} example's row is its teacher's alone.
   *
   * @throws MtcException for an unlabelled example without a teacher row
   */
  float[][] targets(TaskHead head, List<Example> batch, long step) {
    double gold = settings.goldWeight(step, totalSteps);
    float[][] targets = new float[batch.size()][];
    for (int i = 0; i < targets.length; i++) {
      Example example = batch.get(i);
      float[] teacher = teachers.target(head.task(), example);
      if (!example.labelled()) {
        if (teacher == null) {
          example.target(head.kind(), head.labels().size()); // throws, naming the example
        }
        targets[i] = teacher.clone();
        continue;
      }
      float[] row = example.target(head.kind(), head.labels().size());
      if (teacher != null && gold < 1) {
        for (int j = 0; j < row.length; j++) {
          row[j] = (float) (gold * row[j] + (1 - gold) * teacher[j]);
        }
      }
      targets[i] = row;
    }
    return targets;
  }
}
