package org.mtc.tasks.compose;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.core.task.TaskSpec;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.model.MultitaskModel;

/**
 * Adds tasks to a trained model with its encoder training too ({@code mtc tasks add --mode
 * distill}; learning without forgetting, Li and Hoiem 2016): the student starts as the source model
 * (its encoder and old heads, bit for bit) with new heads, and trains on the new tasks' data while
 * the source model teaches the old heads ({@code mtc.train.distill}): each old task sees a replay
 * sample of its own training data (gold labels mixed with the source's predictions by the distill
 * schedule) and as many of the new tasks' texts with the source's predictions alone ({@link
 * StudentData}). The caller runs the training on {@link #trainingSettings} and {@link #data}, after
 * {@link #startOldHeads}; {@link #write} writes the best model with its provenance. The old tasks'
 * answers move (the encoder changed), by as little as the teacher holds them to; {@code mtc eval
 * --against} measures how far. Immutable.
 */
public final class DistilledAdd {
  /** Replay examples of each old task's own data, and new texts it learns its old answers on. */
  public static final int DEFAULT_REPLAY = 500;

  /**
   * The settings {@link #trainingSettings} takes from the source model, whatever the user gives.
   */
  public static final List<String> FIXED_SETTINGS = StudentSettings.FIXED;

  /**
   * The distill schedule of an add unless the user sets one: the old tasks' examples train towards
   * the source's answers alone, so the old heads keep them while the encoder learns the new tasks.
   */
  public static final Config KEEP_SCHEDULE =
      ConfigFactory.parseString(
          "mtc.train.distill { schedule = constant, gold-weight = 0 }",
          ConfigParseOptions.defaults()
              .setOriginDescription("mtc tasks add --mode distill (default)"));

  private final TaskAdd add;
  private final int replay;
  private final int newTexts;

  /**
   * @param add the checked add ({@link TaskAdd#check})
   * @param replay how many of each old task's own training examples it replays (0: none)
   * @param newTexts how many of the new tasks' texts each old task learns the source's answers on
   * @throws MtcException for a negative count
   */
  public DistilledAdd(TaskAdd add, int replay, int newTexts) {
    if (replay < 0 || newTexts < 0) {
      throw new MtcException(
          "--replay and --new-texts must be 0 or more (given " + replay + " and " + newTexts + ")");
    }
    if (replay == 0 && newTexts == 0) {
      throw new MtcException(
          "--replay 0 with --new-texts 0 leaves the old tasks nothing to learn their answers on, "
              + "so the encoder would forget them: give either a positive count, or use --mode frozen");
    }
    this.add = add;
    this.replay = replay;
    this.newTexts = newTexts;
  }

  /**
   * {@code settings} with what the student takes from the source ({@link #FIXED_SETTINGS}): the
   * source's {@code backbone/} as the starting encoder, its pooling, max length and {@code
   * mtc.heads}, and the source model as the teacher of each old task. The trainable layers, the
   * budget and the distill schedule are the user's; where {@code given} sets neither {@code
   * mtc.train.distill.schedule} nor {@code gold-weight}, the old tasks learn the source's answers
   * alone ({@link #KEEP_SCHEDULE}: constant gold weight 0), as learning without forgetting does.
   *
   * @param given the settings the user gave (files and options), without the defaults
   */
  public Config trainingSettings(Config settings, Config given) {
    Map<String, Path> teachers = new LinkedHashMap<>();
    add.conf().names().forEach(task -> teachers.put(task, add.modelDirectory()));
    Config student =
        StudentSettings.over(
            settings,
            add.modelDirectory().resolve(MultitaskModel.BACKBONE_DIR),
            add.conf(),
            teachers);
    boolean scheduleGiven =
        given.hasPath("mtc.train.distill.schedule")
            || given.hasPath("mtc.train.distill.gold-weight");
    return scheduleGiven ? student : KEEP_SCHEDULE.withFallback(student);
  }

  /**
   * The student's data: each old task's ({@link StudentData}), in the source's order, then {@code
   * added} (the new tasks' data as loaded for training).
   *
   * @throws MtcException when an old task's data cannot be read
   */
  public List<TaskData> data(List<TaskData> added, Path dataDir, long seed) {
    List<TaskData> out = new ArrayList<>();
    List<TaskSpec> old = add.conf().tasks().tasks();
    for (int i = 0; i < old.size(); i++) {
      TaskData d = StudentData.oldTask(old.get(i), dataDir, add.modelDirectory(), replay, seed + i);
      out.add(StudentData.withNewTexts(d, added, newTexts, seed * 13 + i));
    }
    out.addAll(added);
    return out;
  }

  /** Starts the student's old heads from the source's, bit for bit. */
  public void startOldHeads(MultitaskModel student) {
    student.startHeadsFrom(
        add.modelDirectory().resolve(MultitaskModel.HEADS_FILE), add.conf().names());
  }

  /**
   * Writes the student's best model as the new model directory, with the provenance of the add.
   *
   * @param trained the best model directory of the student's training
   */
  public TaskAdd.Result write(Path trained, AddRecord.Training training) {
    String layers = training.settings().getString("mtc.backbone.trainable-layers");
    List<TaskSpec> read = new ArrayList<>(add.conf().tasks().tasks());
    read.addAll(add.added().tasks());
    Provenance record =
        add.provenance()
            .with("mode", TaskAdd.DISTILL)
            .with("added", add.added().names())
            .with("kept", add.conf().names())
            .with("replay", JsonNodeFactory.instance.numberNode(replay))
            .with("new_texts_per_old_task", JsonNodeFactory.instance.numberNode(newTexts))
            .with("inputs", AddRecord.inputs(training, read))
            .with("training", AddRecord.training(training, "trainable-layers=" + layers));
    List<String> tasks = StudentOutput.write(trained, add.out(), add.overwrite(), record);
    try {
      return new TaskAdd.Result(
          add.modelDirectory(),
          tasks,
          add.added().names(),
          CarriedFiles.leftOut(add.modelDirectory()),
          record.sourceSha256());
    } catch (java.io.IOException e) {
      throw new MtcException("could not list " + add.modelDirectory() + ": " + e.getMessage(), e);
    }
  }
}
