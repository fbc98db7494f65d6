package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoopListenersTest {
  private static LoopListener named(String name, List<String> calls) {
    return new LoopListener() {
      @Override
      public void begin(LoopContext c) {
        calls.add(name + " begin");
      }

      @Override
      public void afterStep(LoopContext c, StepResult step) {
        calls.add(name + " step");
      }

      @Override
      public void afterEvaluation(LoopContext c, StepResult step, DevRound round) {
        calls.add(name + " evaluation");
      }

      @Override
      public void endOfStep(LoopContext c) {
        calls.add(name + " endOfStep");
      }

      @Override
      public void end(LoopContext c) {
        calls.add(name + " end");
      }
    };
  }

  @Test
  void hooksRunInListOrderAndEndRunsInReverse() {
    List<String> calls = new ArrayList<>();
    LoopListener all =
        new LoopListeners(List.of(named("a", calls), named("b", calls), new LoopListener() {}));
    all.begin(null);
    all.afterStep(null, null);
    all.afterEvaluation(null, null, null);
    all.endOfStep(null);
    all.end(null);
    assertThat(calls)
        .containsExactly(
            "a begin",
            "b begin",
            "a step",
            "b step",
            "a evaluation",
            "b evaluation",
            "a endOfStep",
            "b endOfStep",
            "b end",
            "a end");
  }
}
