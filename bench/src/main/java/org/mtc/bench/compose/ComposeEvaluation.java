package org.mtc.bench.compose;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.mtc.bench.experiment.BenchProgress;
import org.mtc.bench.experiment.ChildJvm;
import org.mtc.bench.experiment.Failure;
import org.mtc.bench.experiment.MemoryRecord;
import org.mtc.core.io.AtomicFiles;
import org.mtc.tasks.compare.Comparison;
import org.mtc.tasks.compare.Outcomes;
import org.mtc.tasks.eval.TaskMetrics;

/**
 * The measurements of a compose run once its steps ran: the models scored on the test splits and
 * compared pairwise ({@link ComposeScoring}), the frozen add's old tasks compared bit for bit with
 * the source's ({@link FrozenCheck}), the cost ratios from the steps' wall times, and the peak RSS
 * of the merge's models, each in its own child JVM ({@link ChildJvm}, as {@code mtc bench}
 * measures). A model that cannot be scored becomes a {@link Failure} and the comparisons that need
 * it are left out. Single-threaded.
 */
final class ComposeEvaluation {
  private final ComposePlan plan;
  private final Path run;
  private final Config inference;
  private final BenchProgress progress;
  private final List<Failure> failures;
  private final ComposeScoring scoring;

  ComposeEvaluation(
      ComposePlan plan,
      Path run,
      org.mtc.core.engine.Engines engines,
      Config inference,
      BenchProgress progress,
      List<Failure> failures) {
    this.plan = plan;
    this.run = run;
    this.inference = inference;
    this.progress = progress;
    this.failures = failures;
    this.scoring =
        new ComposeScoring(
            engines,
            inference,
            Path.of(plan.dataDir()),
            plan.maxTestPerTask(),
            plan.seed(),
            plan.resamples(),
            32);
  }

  /** The add part's comparisons, from the models its steps wrote. */
  ComposeResult.Add add(Map<String, StepRecord> done) {
    List<String> old = plan.sourceTasks();
    List<String> added = plan.addedTasks();
    List<String> all = new ArrayList<>(old);
    all.addAll(added);
    boolean frozenOk = done.get("frozen").ok();
    boolean distillOk = done.get("distill").ok();
    ComposeScoring.Scored source =
        frozenOk || distillOk ? score("source", Path.of(plan.model()), old, true) : null;
    ComposeScoring.Scored frozen = frozenOk ? score("frozen", dir("frozen"), all, true) : null;
    ComposeScoring.Scored distill = distillOk ? score("distill", dir("distill"), all, false) : null;
    ComposeScoring.Scored joint =
        done.get("joint").ok() ? score("joint", dir("joint"), added, false) : null;
    FrozenCheck bitwise =
        source != null && frozen != null
            ? FrozenCheck.of(source.probabilities(), frozen.probabilities())
            : null;
    if (bitwise != null) {
      progress.message("  frozen add, old tasks bitwise equal to the source: " + bitwise.summary());
    }
    return new ComposeResult.Add(
        compare("distill vs source", distill, source, old),
        bitwise,
        compare("distill vs joint", distill, joint, added),
        compare("frozen vs joint", frozen, joint, added),
        compare("frozen vs distill", frozen, distill, added),
        ratio(done.get("distill"), done.get("joint")),
        ratio(done.get("frozen"), done.get("joint")));
  }

  /** The merge part's comparison of every task with the model that was trained on it. */
  ComposeResult.Merge merge(Map<String, StepRecord> done) {
    ComposeScoring.Scored a =
        done.get("merge-a").ok() ? score("model A", dir("merge-a"), plan.halfA(), false) : null;
    ComposeScoring.Scored b =
        done.get("merge-b").ok() ? score("model B", dir("merge-b"), plan.halfB(), false) : null;
    ComposeScoring.Scored merged =
        done.get("merged").ok() ? score("merged", dir("merged"), plan.sourceTasks(), false) : null;
    ComposeScoring.Scored sources = null;
    if (a != null && b != null) {
      Map<String, Outcomes> outcomes = new LinkedHashMap<>(a.outcomes());
      outcomes.putAll(b.outcomes());
      Map<String, TaskMetrics> metrics = new LinkedHashMap<>(a.metrics());
      metrics.putAll(b.metrics());
      sources = new ComposeScoring.Scored(outcomes, metrics, Map.of());
    }
    return new ComposeResult.Merge(
        plan.halfA(),
        plan.halfB(),
        compare("merged vs sources", merged, sources, plan.sourceTasks()),
        List.of(),
        null);
  }

  /** {@code merge} with the peak RSS of predicting with A, B and the merged model. */
  ComposeResult.Merge memory(Map<String, StepRecord> done, ComposeResult.Merge merge) {
    Path probe = run.resolve("probe");
    Path settings = probe.resolve("inference.conf");
    Path texts = probe.resolve("texts.txt");
    AtomicFiles.writeString(
        settings,
        inference
            .getConfig("mtc")
            .atKey("mtc")
            .root()
            .render(ConfigRenderOptions.defaults().setOriginComments(false)));
    List<String> lines = scoring.mixedTexts(plan.sourceTasks(), plan.memoryTexts());
    AtomicFiles.writeString(texts, String.join("\n", lines) + "\n");
    ChildJvm jvm = new ChildJvm(List.of(), 900, probe);
    List<MemoryRecord> memory = new ArrayList<>();
    for (String name : List.of("merge-a", "merge-b", "merged")) {
      if (!done.get(name).ok() || lines.isEmpty()) {
        continue;
      }
      Path model = ComposeScoring.modelDirectory(dir(name));
      MemoryRecord r =
          jvm.probe(name, name, settings, texts, plan.memoryTexts(), 32, List.of(model));
      progress.message(
          r.ok()
              ? String.format(Locale.ROOT, "  %s: peak RSS %.0f MB", name, r.peakRss() / 1e6)
              : "  " + name + ": FAILED " + r.error());
      if (!r.ok()) {
        failures.add(new Failure(name, "memory", r.error()));
      }
      memory.add(r);
    }
    Double ratio = null;
    MemoryRecord a = find(memory, "merge-a");
    MemoryRecord merged = find(memory, "merged");
    if (a != null && merged != null) {
      ratio = (double) merged.peakRss() / a.peakRss();
    }
    return new ComposeResult.Merge(
        merge.tasksA(), merge.tasksB(), merge.mergedVsSources(), memory, ratio);
  }

  private static MemoryRecord find(List<MemoryRecord> memory, String name) {
    return memory.stream()
        .filter(m -> m.ok() && m.configuration().equals(name))
        .findFirst()
        .orElse(null);
  }

  private Path dir(String step) {
    return run.resolve(step);
  }

  private ComposeScoring.Scored score(String name, Path dir, List<String> tasks, boolean keep) {
    ComposeScoring.Scored s = guarded(name, "evaluate", () -> scoring.score(dir, tasks, keep));
    if (s != null) {
      double mean =
          s.metrics().values().stream().mapToDouble(TaskMetrics::accuracy).average().orElse(0);
      progress.message(
          String.format(
              Locale.ROOT,
              "  %s: mean test accuracy %.2f%% on %s",
              name,
              100 * mean,
              String.join(", ", tasks)));
    }
    return s;
  }

  private Comparison compare(
      String name, ComposeScoring.Scored a, ComposeScoring.Scored b, List<String> tasks) {
    if (a == null || b == null) {
      return null;
    }
    return guarded(name, "compare", () -> scoring.compare(a, b, tasks));
  }

  private <T> T guarded(String name, String stage, Supplier<T> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      failures.add(
          new Failure(name, stage, e.getMessage() == null ? e.toString() : e.getMessage()));
      return null;
    }
  }

  private static Double ratio(StepRecord step, StepRecord joint) {
    return step.ok() && joint.ok() && joint.seconds() > 0 ? step.seconds() / joint.seconds() : null;
  }
}
