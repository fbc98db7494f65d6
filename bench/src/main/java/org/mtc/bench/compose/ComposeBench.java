package org.mtc.bench.compose;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.bench.experiment.BenchProgress;
import org.mtc.bench.experiment.Failure;
import org.mtc.core.engine.Engines;

/**
 * Runs {@code mtc bench compose} in a run directory: the add part (the new tasks added to the
 * source model with {@code mtc tasks add --mode frozen} and {@code --mode distill}, and a model
 * trained jointly on all the tasks from the source's starting backbone with {@code mtc train}) and
 * the merge part (models A and B trained on the two halves of the source's tasks, merged with
 * {@code mtc tasks merge}), every training with the same budget ({@link ComposePlan}), each step in
 * its own directory ({@link Steps}); then scores the models on the test splits ({@link
 * ComposeEvaluation}). A step that fails becomes a {@link Failure}; what does not depend on it is
 * still measured. Single-threaded; one run per instance.
 */
public final class ComposeBench {
  static final String SOURCE_TASKS = "source-tasks.conf";

  private final ComposePlan plan;
  private final Path run;
  private final Engines engines;
  private final Config inference;
  private final BenchProgress progress;
  private final Steps steps;
  private int stage;

  /**
   * @param inference the settings the models are scored and probed with (frozen, on the plan's
   *     inference engine)
   * @param resume whether steps finished in an earlier run of {@code run} are kept
   */
  public ComposeBench(
      ComposePlan plan,
      Path run,
      Engines engines,
      Config inference,
      BenchProgress progress,
      boolean resume) {
    this.plan = plan;
    this.run = run;
    this.engines = engines;
    this.inference = inference;
    this.progress = progress;
    this.steps = new Steps(run, progress, resume);
  }

  /** The stages the progress display counts: the steps, scoring, memory, the report. */
  public static int stageCount(ComposePlan plan) {
    return (plan.runs(ComposePlan.ADD) ? 3 : 0) + (plan.runs(ComposePlan.MERGE) ? 4 : 0) + 2;
  }

  /** Runs every step of the plan and measures; the caller writes the report. */
  public ComposeResult run(Map<String, String> versions) throws IOException {
    long start = System.nanoTime();
    List<Failure> failures = new ArrayList<>();
    Map<String, StepRecord> done = new LinkedHashMap<>();
    if (plan.runs(ComposePlan.ADD)) {
      addSteps(done);
    }
    if (plan.runs(ComposePlan.MERGE)) {
      mergeSteps(done);
    }
    done.values().stream()
        .filter(s -> !s.ok())
        .forEach(
            s ->
                failures.add(
                    new Failure(
                        s.name(),
                        "train",
                        "`"
                            + s.commandLine()
                            + "` exited with "
                            + s.exitCode()
                            + ": "
                            + steps.logTail(s.name()))));
    stage("score the models on the test splits");
    ComposeEvaluation evaluation =
        new ComposeEvaluation(plan, run, engines, inference, progress, failures);
    ComposeResult.Add add = plan.runs(ComposePlan.ADD) ? evaluation.add(done) : null;
    ComposeResult.Merge merge = null;
    if (plan.runs(ComposePlan.MERGE)) {
      merge = evaluation.merge(done);
      stage("memory: source model A, B and the merged model, each in its own child JVM");
      merge = evaluation.memory(done, merge);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    for (StepRecord s : done.values()) {
      seconds += s.resumed() ? s.seconds() : 0;
    }
    return new ComposeResult(
        plan,
        versions,
        List.copyOf(done.values()),
        add,
        merge,
        ComposeGoals.check(add, merge),
        failures,
        seconds);
  }

  private void addSteps(Map<String, StepRecord> done) throws IOException {
    String added = String.join(",", plan.addedTasks());
    step(
        done,
        "frozen",
        "add " + added + " to the source, frozen encoder",
        List.of("tasks", "add", "--mode", "frozen", "--model", plan.model()),
        List.of("--tasks", plan.newTasksFile()),
        plan.budgetArgs());
    List<String> distill = new ArrayList<>(List.of("--tasks", plan.newTasksFile()));
    distill.addAll(plan.distillArgs());
    step(
        done,
        "distill",
        "add " + added + " to the source, distilled (learning without forgetting)",
        List.of("tasks", "add", "--mode", "distill", "--model", plan.model()),
        distill,
        plan.budgetArgs());
    step(
        done,
        "joint",
        "train all "
            + (plan.sourceTasks().size() + plan.addedTasks().size())
            + " tasks jointly from the starting backbone",
        List.of("train", "--tasks", run.resolve(SOURCE_TASKS).toString()),
        List.of("--config", plan.newTasksFile()),
        scratch());
  }

  private void mergeSteps(Map<String, StepRecord> done) throws IOException {
    for (String half : List.of("a", "b")) {
      List<String> tasks = half.equals("a") ? plan.halfA() : plan.halfB();
      step(
          done,
          "merge-" + half,
          "train model "
              + half.toUpperCase(java.util.Locale.ROOT)
              + " on "
              + String.join(", ", tasks),
          List.of("train", "--tasks", run.resolve(SOURCE_TASKS).toString()),
          List.of("--only", String.join(",", tasks)),
          scratch());
    }
    step(
        done,
        "merged",
        "merge A and B into one encoder",
        List.of("tasks", "merge"),
        List.of("--models", run.resolve("merge-a") + "," + run.resolve("merge-b")),
        plan.budgetArgs());
  }

  /** The options of a training from scratch: the budget, then the starting backbone. */
  private List<String> scratch() {
    List<String> args = new ArrayList<>(plan.budgetArgs());
    args.addAll(plan.scratchArgs());
    return args;
  }

  /** Runs one step into {@code <run>/<name>} with the data directory of the plan. */
  private void step(
      Map<String, StepRecord> done,
      String name,
      String what,
      List<String> command,
      List<String> inputs,
      List<String> budget)
      throws IOException {
    stage(what);
    Path out = run.resolve(name);
    List<String> args = new ArrayList<>(command);
    args.addAll(inputs);
    args.addAll(List.of("--out", out.toString(), "--data-dir", plan.dataDir()));
    args.addAll(budget);
    done.put(name, steps.run(name, what, out, args));
  }

  private void stage(String what) {
    progress.stage(++stage, stageCount(plan), what);
  }
}
