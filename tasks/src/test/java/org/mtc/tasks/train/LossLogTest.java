package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LossLogTest {
  @Test
  void aLineHasTheMeanLossPerTaskSinceThePreviousLine() {
    LossLog log = new LossLog(List.of("a", "b"), 5);
    log.add(0, 1.0);
    log.add(0, 3.0);
    log.add(1, 0.5);
    assertThat(log.line(3, 20, 1, 1e-3, 12.34))
        .isEqualTo("step 3/20 epoch 1 loss 1.5000 (a=2.0000 b=0.5000) lr 1.00e-03 12.3 examples/s");
    log.add(1, 1.0);
    assertThat(log.line(4, 20, 1, 5e-4, 10))
        .isEqualTo("step 4/20 epoch 1 loss 1.0000 (b=1.0000) lr 5.00e-04 10.0 " + "examples/s");
  }

  @Test
  void writesEveryLogEveryStepsAndAtTheEnd() {
    LossLog log = new LossLog(List.of("a"), 5);
    assertThat(log.due(5, false)).isTrue();
    assertThat(log.due(10, false)).isTrue();
    assertThat(log.due(6, false)).isFalse();
    assertThat(log.due(7, true)).isTrue();
  }
}
