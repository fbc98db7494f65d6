package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.TaskHead;
import org.mtc.tasks.data.Example;

class GoldLabelLossTest {
  @TempDir Path tmp;

  @Test
  void theTargetsAreTheGoldLabelsAndTheHeadGetsThemUnchanged() {
    try (LoopFixture f = new LoopFixture(tmp, 0, "")) {
      TaskHead head = f.model.head("topic"); // food, sport, tech
      List<Example> batch =
          List.of(
              new Example("pizza", new int[] {0}, "t:1"),
              new Example("goal", new int[] {1}, "t:2"));
      assertThat(GoldLabelLoss.targets(head, batch))
          .isDeepEqualTo(new float[][] {{1, 0, 0}, {0, 1, 0}});
      float[][] pooled = {new float[head.inputSize()], new float[head.inputSize()]};
      TaskHead.HeadLoss loss = new GoldLabelLoss().forwardBackward(head, pooled, batch, 1, 7);
      TaskHead.HeadLoss direct =
          head.forwardBackward(pooled, GoldLabelLoss.targets(head, batch), 7);
      assertThat(loss.loss()).isEqualTo(direct.loss()).isPositive();
      assertThat(loss.pooledGradient()).isDeepEqualTo(direct.pooledGradient());
    }
  }
}
