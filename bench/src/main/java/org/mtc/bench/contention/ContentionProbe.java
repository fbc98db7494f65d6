package org.mtc.bench.contention;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mtc.bench.engines.BenchTexts;
import org.mtc.bench.experiment.NativeThreadEnv;
import org.mtc.core.Input;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.engine.Engines;
import org.mtc.core.io.FileTrees;
import org.mtc.core.settings.Settings;
import org.mtc.core.task.TaskSet;
import org.mtc.core.task.TaskSpec;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.data.TaskDataLoader;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.train.TrainSettings;
import org.mtc.tasks.train.Trainer;
import org.mtc.tasks.train.TrainingListener;

/**
 * The measuring JVM of {@code mtc bench contention}: builds a multitask model (the backbone plus
 * new heads for the plan's tasks), times prediction of the plan's texts (every task per text, after
 * a warm-up call) and then phases of {@code trainSteps} steps of the real {@link Trainer} (after
 * {@code warmupSteps}), each alternately alone and beside one {@link BusyLoop} process for {@code
 * rounds} rounds ({@link Phases}), each phase time-boxed by {@code maxSeconds}. Alone and busy
 * phases alternate in one JVM, so other load on the machine disturbs both alike. Prints one line
 * {@value #PREFIX}{@code {json}} with texts/s, examples/s and the CPU seconds the process used in
 * each phase. The busy process ends by itself shortly after its phase, even if this JVM dies.
 *
 * <p>Usage: {@code ContentionProbe PLAN.json}. Exit code 0 on success; any failure ends the JVM
 * with a stack trace on standard error and exit code 1.
 */
public final class ContentionProbe {
  /** Prefix of the result line on standard output. */
  public static final String PREFIX = "MTC-CONTENTION ";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ContentionProbe() {}

  /** Ends training from inside the trainer's listener once the timed steps are done. */
  private static final class Enough extends RuntimeException {
    Enough() {
      super("timed steps done", null, false, false);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: ContentionProbe PLAN.json");
      System.exit(2);
    }
    ProbePlan plan = JSON.readValue(Path.of(args[0]).toFile(), ProbePlan.class);
    Config settings = Settings.load(List.of(Path.of(plan.tasksFile())), overrides(plan));
    TaskSet tasks = TaskSet.from(settings).only(new LinkedHashSet<>(plan.tasks()));
    List<TaskData> data = new ArrayList<>();
    for (TaskSpec spec : tasks.tasks()) {
      data.add(
          TaskDataLoader.load(
              spec,
              Path.of(plan.dataDir()),
              Optional.empty(),
              Set.of("train", "dev"),
              plan.maxTrainPerTask(),
              settings.getLong("mtc.seed")));
    }
    List<Input> texts = Input.ofTexts(BenchTexts.read(Path.of(plan.textsFile()), plan.texts()));
    ObjectNode out = JSON.createObjectNode();
    out.put("engine", plan.engine())
        .put("available_processors", Runtime.getRuntime().availableProcessors())
        .put("wait_env", NativeThreadEnv.describe(System.getenv()));
    Path runDir = Files.createTempDirectory("mtc-contention-");
    try (MultitaskModel model =
        MultitaskModel.create(
            Engines.discover().open(BackboneSpec.from(settings, Path.of(plan.backbone()))),
            data,
            settings)) {
      out.set("predict", predict(model, texts, plan));
      out.set("train", train(model, data, settings, plan, runDir));
    } finally {
      FileTrees.delete(runDir);
    }
    System.out.println(PREFIX + out);
    System.out.flush();
    System.exit(0);
  }

  /** The plan's settings over a short, evaluation-free training run on the plan's engine. */
  static Config overrides(ProbePlan plan) {
    StringBuilder hocon = new StringBuilder();
    plan.settings().forEach((k, v) -> hocon.append(k).append(" = ").append(v).append('\n'));
    hocon.append("mtc.backbone.engine = ").append(plan.engine()).append('\n');
    if (plan.engine().equals("onnx")) {
      hocon.append("mtc.backbone.trainable-layers = frozen\n"); // inference only: the heads train
    }
    // more steps than the probe runs, no evaluation before it stops: only training steps are timed
    long steps = plan.warmupSteps() + 2L * plan.rounds() * plan.trainSteps() + 1;
    hocon
        .append("mtc.train { max-steps = ")
        .append(steps)
        .append(", eval-every = ")
        .append(steps * 10)
        .append(", log-every = ")
        .append(steps * 10)
        .append(", max-train-per-task = ")
        .append(plan.maxTrainPerTask())
        .append(" }\n");
    return ConfigFactory.parseString(
        hocon.toString(),
        ConfigParseOptions.defaults().setOriginDescription("bench contention plan"));
  }

  /** Prediction throughput, alternately alone and beside a busy process. */
  private static ObjectNode predict(MultitaskModel model, List<Input> texts, ProbePlan plan) {
    model.probabilities(
        texts.subList(0, Math.min(texts.size(), Math.max(plan.batch(), 64)))); // warm-up
    try (Phases phases = new Phases(plan.rounds(), busySeconds(plan), "texts")) {
      while (!phases.done()) {
        phases.begin();
        int done = 0;
        while (done < texts.size() && phases.elapsedSeconds() < plan.maxSeconds()) {
          List<Input> batch = texts.subList(done, Math.min(texts.size(), done + plan.batch()));
          model.probabilities(batch);
          done += batch.size();
        }
        phases.end(done);
      }
      return phases.summary();
    }
  }

  /**
   * Training throughput of the real trainer: {@code warmupSteps} untimed steps, then phases of
   * {@code trainSteps} steps, alternately alone and beside a busy process (started and stopped
   * between two steps); the run is cut short after the last phase.
   */
  private static ObjectNode train(
      MultitaskModel model, List<TaskData> data, Config settings, ProbePlan plan, Path runDir) {
    TrainSettings train = TrainSettings.from(settings);
    try (Phases phases = new Phases(plan.rounds(), busySeconds(plan), "examples")) {
      long[] steps = {0};
      TrainingListener listener =
          new TrainingListener() {
            @Override
            public void step(
                long stepIndex,
                String task,
                double loss,
                double examplesPerSecond,
                double learningRate) {
              if (stepIndex < plan.warmupSteps()) {
                return;
              }
              if (stepIndex > plan.warmupSteps()) {
                steps[0]++;
                if (steps[0] < plan.trainSteps() && phases.elapsedSeconds() < plan.maxSeconds()) {
                  return;
                }
                phases.end(steps[0] * train.batchSize());
                steps[0] = 0;
                if (phases.done()) {
                  throw new Enough();
                }
              }
              phases.begin();
            }
          };
      if (plan.warmupSteps() == 0) {
        phases.begin();
      }
      try {
        new Trainer(train, listener).train(model, data, runDir);
        throw new IllegalStateException("training ended before the timed steps were done");
      } catch (Enough expected) {
        // the timed steps are done; the run directory is thrown away
      }
      return phases.summary();
    }
  }

  /** The busy process's own time limit: one phase, with room for a slow step. */
  private static long busySeconds(ProbePlan plan) {
    return (long) Math.ceil(plan.maxSeconds()) + 60;
  }
}
