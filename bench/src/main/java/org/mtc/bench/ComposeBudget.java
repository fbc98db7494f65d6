package org.mtc.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mtc.bench.compose.ComposePlan;
import org.mtc.core.MtcException;
import org.mtc.core.settings.Settings;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.model.TasksConf;
import picocli.CommandLine.Option;

/**
 * The budget options of {@code mtc bench compose} (a picocli mixin), which every training of the
 * run shares through one {@code budget.conf}: the standard preset's {@code mtc.train} settings with
 * these options over them; and the checks of the run's inputs. Filled by picocli, then read from
 * one thread.
 */
final class ComposeBudget {
  @Option(names = "--epochs", paramLabel = "N", description = "Default: the standard preset's (1).")
  Integer epochs;

  @Option(
      names = "--max-train-per-task",
      paramLabel = "N",
      description = "Default: the standard preset's (5500).")
  Integer maxTrainPerTask;

  @Option(names = "--batch-size", paramLabel = "N")
  Integer batchSize;

  @Option(names = "--max-steps", paramLabel = "N")
  Long maxSteps;

  @Option(
      names = "--learning-rate",
      paramLabel = "LR",
      description = "Encoder learning rate. Default: the standard preset's (8e-5).")
  Double learningRate;

  @Option(names = "--head-learning-rate", paramLabel = "LR")
  Double headLearningRate;

  @Option(names = "--seed", paramLabel = "N")
  Long seed;

  @Option(names = "--max-time", paramLabel = "DURATION", description = "Per training.")
  String maxTime;

  @Option(
      names = "--max-length",
      paramLabel = "TOKENS",
      description =
          "Max length of the trainings from scratch. Default: the source model's (the adds "
              + "always use it).")
  Integer maxLength;

  @Option(
      names = "--replay",
      paramLabel = "N",
      description = "Distilled add: old-task examples replayed (default: tasks add's, 500).")
  Integer replay;

  @Option(
      names = "--new-texts",
      paramLabel = "N",
      description = "Distilled add: new-task texts per old task (default: tasks add's, 500).")
  Integer newTexts;

  /** {@code budget.conf}: the preset's {@code mtc.train} with the given options over it. */
  String render(Config preset) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("mtc.train.max-train-per-task", maxTrainPerTask);
    values.put("mtc.train.epochs", epochs);
    values.put("mtc.train.max-steps", maxSteps);
    values.put("mtc.train.batch-size", batchSize);
    values.put("mtc.train.learning-rate", learningRate);
    values.put("mtc.train.head-learning-rate", headLearningRate);
    values.put("mtc.seed", seed);
    values.put("mtc.train.max-time", maxTime);
    Config budget =
        preset.hasPath("mtc.train")
            ? preset.getConfig("mtc.train").atPath("mtc.train")
            : ConfigFactory.empty();
    for (var e : values.entrySet()) {
      if (e.getValue() != null) {
        budget = budget.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
      }
    }
    return "# The budget every training of this mtc bench compose run shares (the standard preset's\n"
        + "# mtc.train settings with the command's options over them).\n"
        + budget.root().render(ConfigRenderOptions.defaults().setOriginComments(false));
  }

  /** The options only the distilled add takes. */
  List<String> distillArgs() {
    List<String> args = new ArrayList<>();
    if (replay != null) {
      args.addAll(List.of("--replay", replay.toString()));
    }
    if (newTexts != null) {
      args.addAll(List.of("--new-texts", newTexts.toString()));
    }
    return args;
  }

  /** The seed of the test samples and the bootstrap: {@code --seed}, else the settings'. */
  long seed(Config settings) {
    return seed != null ? seed : settings.getLong("mtc.seed");
  }

  /** The model directory of {@code source} (a model directory or a training run directory). */
  static Path modelDirectory(Path source) {
    for (Path dir : List.of(source, source.resolve(MultitaskModel.BEST_DIR))) {
      if (Files.isRegularFile(dir.resolve(TasksConf.FILE))
          && Files.isRegularFile(dir.resolve(MultitaskModel.HEADS_FILE))) {
        return dir;
      }
    }
    throw new MtcException(
        "--model "
            + source
            + " is no trained model: neither it nor its model/ holds tasks.conf and "
            + "heads.safetensors (give a model directory or a training run directory, such as a "
            + "bench run's multitask/)");
  }

  /**
   * The source model's tasks as a task set file for {@code mtc train}: its tasks with their labels,
   * its pooling and max length, and its head settings (read through {@link TasksConf}, which knows
   * how the model directory records them).
   */
  static String sourceTasks(Path modelDir) {
    Path file = modelDir.resolve(TasksConf.FILE);
    Config raw = ConfigFactory.parseFile(file.toFile());
    Config out = raw.withOnlyPath("mtc.tasks");
    if (raw.hasPath("mtc.backbone")) {
      out = out.withFallback(raw.withOnlyPath("mtc.backbone"));
    }
    Config heads = TasksConf.read(file).heads();
    if (!heads.isEmpty()) {
      out = heads.atPath("mtc.heads").withFallback(out);
    }
    return "# The tasks of the source model "
        + modelDir
        + " (its tasks.conf), for the trainings from scratch.\n"
        + out.root().render(ConfigRenderOptions.defaults().setOriginComments(false));
  }

  /** Refuses unknown parts, new tasks the source has, and a merge of fewer than two tasks. */
  static void checkParts(List<String> parts, List<String> sourceTasks, List<String> added) {
    for (String p : parts) {
      if (!p.equals(ComposePlan.ADD) && !p.equals(ComposePlan.MERGE)) {
        throw new MtcException("--parts " + p + ": use add, merge or add,merge");
      }
    }
    List<String> both = added.stream().filter(sourceTasks::contains).toList();
    if (parts.contains(ComposePlan.ADD) && !both.isEmpty()) {
      throw new MtcException(
          "--new-task: "
              + both
              + " are already tasks of the source model ("
              + sourceTasks
              + "); give a task set of tasks it does not have");
    }
    if (parts.contains(ComposePlan.MERGE) && sourceTasks.size() < 2) {
      throw new MtcException(
          "--parts merge needs a source model with at least two tasks to split in halves");
    }
  }

  /**
   * The backbone the trainings from scratch start from: {@code given}, else the directory the
   * source's {@code settings.conf} records when it exists; empty: the embedded default.
   */
  static Optional<Path> startingBackbone(Path given, Path modelDir) {
    if (given != null) {
      return Optional.of(given);
    }
    return recorded(modelDir).filter(Files::isDirectory);
  }

  /** Where the starting backbone comes from, in words, for the report. */
  static String backboneNote(Path given, Path modelDir) {
    if (given != null) {
      return "`" + given.toAbsolutePath() + "` (--backbone)";
    }
    Optional<Path> recorded = recorded(modelDir);
    if (recorded.isPresent() && Files.isDirectory(recorded.get())) {
      return "`"
          + recorded.get()
          + "`, the backbone the source model was trained from (its "
          + "settings.conf)";
    }
    return "the embedded all-MiniLM-L6-v2 (the source model records "
        + recorded
            .map(p -> "the backbone " + p + ", which does not exist here")
            .orElse("no backbone directory")
        + ")";
  }

  private static Optional<Path> recorded(Path modelDir) {
    Path file = modelDir.resolve(MultitaskModel.SETTINGS_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Config c = Settings.parseFile(file);
    return c.hasPath("mtc.backbone.directory")
        ? Optional.of(Path.of(c.getString("mtc.backbone.directory")))
        : Optional.empty();
  }
}
