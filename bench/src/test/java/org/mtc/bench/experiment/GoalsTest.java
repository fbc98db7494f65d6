package org.mtc.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mtc.core.TaskKind;
import org.mtc.tasks.compare.Outcomes;
import org.mtc.tasks.compare.PairedBootstrap;
import org.mtc.tasks.eval.TaskMetrics;

/** The goals are judged from the measurements, and left unjudged where a measurement is missing. */
class GoalsTest {
  private static final long MB = 1_000_000;

  @Test
  void measurementsDecideEveryGoal() {
    List<MemoryRecord> memory =
        List.of(
            mem("multitask", 1, 101 * MB),
            mem("single-task a", 1, 100 * MB),
            mem("single-task b", 1, 100 * MB),
            mem(Experiment.ALL_SINGLE, 2, 180 * MB));
    SpeedRecord speed = new SpeedRecord(100, 10, 2, 1.0, 1.6, 0.98, 0.02, 1);
    BenchResult r =
        result(
            Map.of("a", acc("a", 0.80), "b", acc("b", 0.70)),
            Map.of("a", acc("a", 0.81), "b", acc("b", 0.70)),
            memory,
            Optional.of(speed));
    List<Goals.Goal> goals = Goals.check(r);
    assertThat(goals)
        .extracting(Goals.Goal::verdict)
        .containsExactly("met", "met", "met", "met", "met", "met", "met");
    assertThat(goals.get(0).measured()).startsWith("1.010x");
    assertThat(goals.get(6).measured()).startsWith("-0.50 [").contains("paired bootstrap");

    BenchResult worse =
        result(
            Map.of("a", acc("a", 0.70), "b", acc("b", 0.70)),
            Map.of("a", acc("a", 0.81), "b", acc("b", 0.70)),
            memory,
            Optional.of(new SpeedRecord(100, 10, 2, 1.0, 1.2, 0.9, 0.1, 1)));
    assertThat(Goals.check(worse))
        .extracting(Goals.Goal::verdict)
        .containsExactly("met", "met", "met", "met", "NOT met", "NOT met", "NOT met");
  }

  @Test
  void failedMeasurementsAreNotJudged() {
    List<MemoryRecord> memory =
        List.of(
            MemoryRecord.failed("multitask", List.of("m"), "child JVM exited with code 1"),
            mem("single-task a", 1, 100 * MB));
    BenchResult r = result(Map.of(), Map.of("a", acc("a", 0.8)), memory, Optional.empty());
    assertThat(Goals.check(r)).extracting(Goals.Goal::verdict).containsOnly("not measured");
  }

  private static MemoryRecord mem(String name, int models, long peak) {
    return new MemoryRecord(
        name,
        List.of("dir"),
        models,
        peak - 5 * MB,
        peak - MB,
        peak,
        models * 90 * MB,
        models * 10_000,
        1.0,
        1000,
        null);
  }

  private static TaskMetrics acc(String task, double accuracy) {
    return new TaskMetrics(
        task, TaskKind.SINGLE_LABEL, 100, accuracy, accuracy, accuracy, Map.of());
  }

  /** 100 examples of label 0, the first {@code accuracy * 100} predicted right. */
  private static Outcomes outcomes(TaskMetrics m) {
    int[] gold = new int[100];
    int[] predicted = new int[100];
    for (int i = (int) Math.round(m.accuracy() * 100); i < 100; i++) {
      predicted[i] = 1;
    }
    return Outcomes.singleLabel(m.task(), 2, gold, predicted);
  }

  static BenchResult result(
      Map<String, TaskMetrics> mt,
      Map<String, TaskMetrics> st,
      List<MemoryRecord> memory,
      Optional<SpeedRecord> speed) {
    Map<String, Outcomes> mtOut = new TreeMap<>();
    mt.forEach((t, m) -> mtOut.put(t, outcomes(m)));
    Map<String, Outcomes> stOut = new TreeMap<>();
    st.forEach((t, m) -> stOut.put(t, outcomes(m)));
    SeedRun run =
        new SeedRun(
            7,
            new TreeMap<>(mt),
            new TreeMap<>(st),
            PairedBootstrap.compare(mtOut, stOut, 200, 7),
            List.of());
    return new BenchResult(
        "mtc bench",
        Map.of(),
        "",
        new BenchSettings(
            0,
            1000,
            60,
            List.of(),
            100,
            10,
            1,
            1,
            200,
            true,
            null,
            List.of(Strategy.builtIn().get(Strategy.BASELINE))),
        List.of("a", "b"),
        Map.of(),
        Map.of("a", 100, "b", 100),
        Map.of("a", 100, "b", 100),
        List.of(),
        List.of(run),
        Optional.empty(),
        List.of(),
        memory,
        speed,
        List.of(),
        List.of(),
        1.0);
  }
}
