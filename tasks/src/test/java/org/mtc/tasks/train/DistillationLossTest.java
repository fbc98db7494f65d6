package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.TaskHead;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.distill.DistillSettings;
import org.mtc.tasks.distill.GoldWeightSchedule;
import org.mtc.tasks.distill.StudentTask;
import org.mtc.tasks.distill.Teacher;
import org.mtc.tasks.distill.TeacherTargets;

/**
 * The distillation loss's target rows: labelled examples mix gold and teacher by λ, an unlabelled
 * example (learning without forgetting) trains towards its teacher's row alone at every λ, and one
 * without a teacher is refused with its place.
 */
class DistillationLossTest {
  @TempDir Path tmp;

  /** Answers every input of task topic with (0.2, 0.5, 0.3). */
  private static final class FixedTeacher implements Teacher {
    @Override
    public String location() {
      return "fixed";
    }

    @Override
    public String fingerprint() {
      return "fixed";
    }

    @Override
    public Map<String, List<String>> labels() {
      return Map.of("topic", List.of("food", "sport", "tech"));
    }

    @Override
    public float[][] probabilities(String task, List<Input> inputs) {
      float[][] rows = new float[inputs.size()][];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = new float[] {0.2f, 0.5f, 0.3f};
      }
      return rows;
    }

    @Override
    public void close() {}
  }

  @Test
  void unlabelledExamplesTrainTowardsTheTeacherAloneAndLabelledOnesMix() {
    try (LoopFixture f = new LoopFixture(tmp, 0, "")) {
      TaskHead head = f.model.head("topic");
      Example gold = new Example("pizza", new int[] {0}, "t:1");
      Example text = Example.unlabelled(Input.of("a new text"), "new:1");
      TeacherTargets targets =
          TeacherTargets.prepare(
              List.of(
                  new StudentTask(
                      "topic", head.kind(), head.labels().labels(), List.of(gold, text))),
              Map.of("topic", new FixedTeacher()),
              1.0,
              tmp,
              line -> {});
      for (double lambda : new double[] {0, 0.5, 1}) {
        DistillationLoss loss =
            new DistillationLoss(
                targets,
                new DistillSettings(Map.of(), GoldWeightSchedule.CONSTANT, lambda, 1.0, "onnx"),
                10);
        float[][] rows = loss.targets(head, List.of(gold, text), 3);
        assertThat(rows[1]).as("λ = %s", lambda).containsExactly(0.2f, 0.5f, 0.3f);
        assertThat(rows[0][0])
            .as("λ = %s", lambda)
            .isEqualTo((float) (lambda + (1 - lambda) * 0.2f));
      }
    }
  }

  @Test
  void anUnlabelledExampleWithoutATeacherIsRefusedWithItsPlace() {
    try (LoopFixture f = new LoopFixture(tmp, 0, "")) {
      TaskHead head = f.model.head("topic");
      Example text = Example.unlabelled(Input.of("a new text"), "new:7");
      assertThatThrownBy(() -> GoldLabelLoss.targets(head, List.of(text)))
          .isInstanceOf(MtcException.class)
          .hasMessageContaining("new:7")
          .hasMessageContaining("has no gold labels");
      assertThat(text.labelled()).isFalse();
      assertThat(text).isNotEqualTo(new Example("a new text", new int[0], "new:7"));
    }
  }
}
