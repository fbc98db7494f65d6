package org.mtc.bench.compose;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.mtc.core.MtcException;
import org.mtc.core.io.AtomicFiles;

/**
 * What a {@code mtc bench compose} run does, fixed when it starts and recorded in the run directory
 * ({@value #FILE}) so that {@code --resume} continues with exactly the same steps. Paths are
 * absolute. Immutable.
 *
 * @param command the command line that started the run
 * @param model the source model directory (its {@code model/} for a training run directory)
 * @param newTasksFile the new tasks' HOCON file, as copied into the run directory
 * @param sourceTasks the source model's tasks, in its order
 * @param addedTasks the tasks of {@code newTasksFile}
 * @param parts the parts run: {@value #ADD}, {@value #MERGE} or both
 * @param dataDir the data directory every step reads
 * @param budgetArgs options given to every training (its budget: {@code --config budget.conf},
 *     engine)
 * @param scratchArgs options given only to the trainings from scratch (the starting backbone, max
 *     length)
 * @param distillArgs options given only to the distilled add ({@code --replay}, {@code
 *     --new-texts})
 * @param backboneNote where the starting backbone of the trainings from scratch comes from
 * @param inferenceEngine the engine that scores the models and runs the memory probes
 * @param maxTestPerTask test examples per task that score every model (0: the whole split)
 * @param seed the seed of the test samples and of the bootstrap
 * @param resamples paired-bootstrap resamples
 * @param memoryTexts texts each memory probe predicts
 */
public record ComposePlan(
    String command,
    String model,
    String newTasksFile,
    List<String> sourceTasks,
    List<String> addedTasks,
    List<String> parts,
    String dataDir,
    List<String> budgetArgs,
    List<String> scratchArgs,
    List<String> distillArgs,
    String backboneNote,
    String inferenceEngine,
    int maxTestPerTask,
    long seed,
    int resamples,
    int memoryTexts) {
  /** The file in the run directory that holds the plan. */
  public static final String FILE = "compose.json";

  /** The part that adds the new tasks (frozen, distilled, joint training). */
  public static final String ADD = "add";

  /** The part that merges two models trained on halves of the source's tasks. */
  public static final String MERGE = "merge";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public ComposePlan {
    sourceTasks = List.copyOf(sourceTasks);
    addedTasks = List.copyOf(addedTasks);
    parts = List.copyOf(parts);
    budgetArgs = List.copyOf(budgetArgs);
    scratchArgs = List.copyOf(scratchArgs);
    distillArgs = List.copyOf(distillArgs);
  }

  /** Whether the run includes {@code part}. */
  public boolean runs(String part) {
    return parts.contains(part);
  }

  /** The first half of the source's tasks (model A of the merge): tasks 1 to n/2. */
  public List<String> halfA() {
    return sourceTasks.subList(0, sourceTasks.size() / 2);
  }

  /** The second half of the source's tasks (model B of the merge). */
  public List<String> halfB() {
    return sourceTasks.subList(sourceTasks.size() / 2, sourceTasks.size());
  }

  /** Writes the plan into {@code run}. */
  public void write(Path run) {
    try {
      AtomicFiles.writeString(run.resolve(FILE), JSON.writeValueAsString(this));
    } catch (IOException e) {
      throw new MtcException("could not write " + run.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  /** The plan recorded in {@code run}. */
  public static ComposePlan read(Path run) {
    try {
      return JSON.readValue(run.resolve(FILE).toFile(), ComposePlan.class);
    } catch (IOException e) {
      throw new MtcException(
          "--resume "
              + run
              + ": cannot read "
              + FILE
              + " ("
              + e.getMessage()
              + "); is it a run directory of mtc bench compose?",
          e);
    }
  }
}
