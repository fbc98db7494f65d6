package org.mtc.tasks.compose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.core.task.TaskSpec;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.data.SeededSample;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.data.TaskDataLoader;

/**
 * The data an old task of a source model trains on in a student (learning without forgetting,
 * {@code mtc tasks add --mode distill}): a replay sample of its own training data, whose examples
 * train towards the mix of their gold labels and the old model's prediction, and as many of the new
 * tasks' texts, {@link Example#unlabelled}, which train towards the old model's prediction alone
 * (what the old head answered on the new data). Its dev split is its own, whole, so the checkpoint
 * is chosen on the old tasks as well as the new. Stateless.
 */
final class StudentData {
  private StudentData() {}

  /**
   * Reads the old task {@code spec} of {@code model} with the labels the model gives it.
   *
   * @param replay how many of its training examples to keep (a seeded sample); 0 keeps none
   * @throws MtcException when its data cannot be read, saying that distillation needs it
   */
  static TaskData oldTask(TaskSpec spec, Path dataDir, Path model, int replay, long seed) {
    try {
      TaskData full =
          TaskDataLoader.load(
              spec,
              dataDir,
              Optional.of(new LabelSpace(spec.name(), spec.labels())),
              Set.of("train", "dev"),
              replay,
              seed);
      return replay == 0
          ? new TaskData(full.spec(), full.labels(), List.of(), full.dev(), List.of())
          : full;
    } catch (MtcException e) {
      throw new MtcException(
          "task '"
              + spec.name()
              + "' of "
              + model
              + ": "
              + e.getMessage()
              + ". --mode distill replays and evaluates the model's tasks on their own data (tasks.conf"
              + " names it: data = "
              + spec.data()
              + "): give --data-dir where it is, or add with --mode frozen, which needs only the "
              + "new tasks' data",
          e);
    }
  }

  /**
   * {@code old} with up to {@code count} of {@code newData}'s training texts added as unlabelled
   * examples (a seeded sample, each input once).
   */
  static TaskData withNewTexts(TaskData old, List<TaskData> newData, int count, long seed) {
    List<Example> texts = new ArrayList<>();
    for (TaskData d : newData) {
      for (Example e : d.train()) {
        texts.add(Example.unlabelled(e.input(), e.where()));
      }
    }
    List<Example> train = new ArrayList<>(old.train());
    if (count > 0) {
      train.addAll(SeededSample.of(texts, count, seed));
    }
    return new TaskData(old.spec(), old.labels(), train, old.dev(), old.test());
  }
}
