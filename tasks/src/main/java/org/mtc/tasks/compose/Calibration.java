package org.mtc.tasks.compose;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mtc.core.MtcException;
import org.mtc.core.TaskKind;
import org.mtc.core.io.StagedDirectory;
import org.mtc.core.settings.DidYouMean;
import org.mtc.core.task.TaskSpec;
import org.mtc.heads.Heads;
import org.mtc.tasks.eval.OffsetTuning;
import org.mtc.tasks.model.FileDigest;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.model.TasksConf;
import org.mtc.tasks.predict.Evaluator;

/**
 * {@code mtc calibrate}: writes a trained model whose single-label tasks decide with per-label
 * offsets tuned on their dev split ({@link DevOffsets}, {@link OffsetTuning}) folded into their
 * classifier biases ({@link Heads#offsetBiases}). Nothing else changes: {@code backbone/} and the
 * record files are carried as a drop carries them ({@link CarriedFiles}), {@code tasks.conf} is
 * copied byte for byte, every other tensor of {@code heads.safetensors} is written bit for bit (so
 * multi-label tasks, whose thresholds are tuned already, answer exactly as before), {@code
 * metrics.json} gets the calibrated tasks' dev figures with the offsets and loses the means ({@link
 * ComposedMetrics}), and {@link Provenance} records the offsets, the scores and the dev files. The
 * output is staged and renamed into place ({@link StagedDirectory}). Stateless.
 */
public final class Calibration {
  /** The operation's name in {@link Provenance}. */
  public static final String OPERATION = "calibrate";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What a calibration reads and writes, checked before any work.
   *
   * @param source the model as given ({@code --model})
   * @param modelDir the model directory read from it
   * @param conf its task set
   * @param tasks the single-label tasks to calibrate, in the model's order
   * @param unchanged the tasks left bit for bit as they are (multi-label ones), in the model's
   *     order
   * @param out the directory to write
   * @param overwrite whether an existing model directory at {@code out} may be replaced
   */
  public record Plan(
      Path source,
      Path modelDir,
      TasksConf conf,
      List<TaskSpec> tasks,
      List<String> unchanged,
      Path out,
      boolean overwrite) {}

  private Calibration() {}

  /**
   * Checks the source, {@code --only} and {@code out}.
   *
   * @param only the tasks to calibrate; empty for every single-label task
   * @throws MtcException for a source that is no model (or an exported graph), an unknown task or
   *     one that is not single-label in {@code only}, a model without single-label tasks, an {@code
   *     out} that may not be written ({@link ComposedOutput})
   */
  public static Plan plan(Path source, List<String> only, Path out, boolean overwrite) {
    Path modelDir = SourceModel.forCommand(source, OPERATION);
    TasksConf conf = TasksConf.read(modelDir.resolve(TasksConf.FILE));
    List<TaskSpec> single =
        conf.tasks().tasks().stream().filter(t -> !t.kind().decidesByThresholds()).toList();
    if (single.isEmpty()) {
      throw new MtcException(
          "the model "
              + source
              + " has no single-label task ("
              + String.join(", ", conf.names())
              + " decide by thresholds, tuned on dev when it was trained); calibrate adds offsets "
              + "to single-label heads only, so there is nothing to calibrate");
    }
    Set<String> chosen = checkedOnly(conf, only, source);
    List<TaskSpec> tasks =
        single.stream().filter(t -> chosen.isEmpty() || chosen.contains(t.name())).toList();
    ComposedOutput.check(out, overwrite, source, modelDir);
    List<String> unchanged =
        conf.names().stream()
            .filter(n -> tasks.stream().noneMatch(t -> t.name().equals(n)))
            .toList();
    return new Plan(source, modelDir, conf, tasks, unchanged, out, overwrite);
  }

  private static Set<String> checkedOnly(TasksConf conf, List<String> only, Path source) {
    List<String> names = conf.names();
    Set<String> chosen = new LinkedHashSet<>();
    for (String name : only) {
      String task = name.strip();
      if (task.isEmpty()) {
        throw new MtcException(
            "--only has an empty task name; give the tasks to calibrate separated by commas");
      }
      if (!names.contains(task)) {
        throw new MtcException(
            "--only "
                + task
                + ": the model "
                + source
                + " has no task '"
                + task
                + "'"
                + DidYouMean.suggest(task, names)
                + "; its tasks: "
                + String.join(", ", names));
      }
      if (conf.tasks().task(task).kind().decidesByThresholds()) {
        throw new MtcException(
            "--only "
                + task
                + ": task '"
                + task
                + "' is "
                + conf.tasks().task(task).kind().configName()
                + "; its thresholds were tuned on dev in training and calibrate leaves it "
                + "unchanged: leave it out of --only");
      }
      chosen.add(task);
    }
    return chosen;
  }

  /**
   * Writes the calibrated model.
   *
   * @param tuned the tasks' tuned offsets (tasks of the plan with a dev split), in the plan's order
   * @param skipped tasks of the plan left unchanged for want of a dev split
   * @param command the command line, for the record (may be empty)
   * @return the SHA-256 of the source directory, as recorded
   * @throws MtcException when {@code tuned} is empty (nothing would change) or writing fails
   */
  public static String write(
      Plan plan,
      OffsetTuning.Metric metric,
      List<DevOffsets.Tuned> tuned,
      List<String> skipped,
      String command) {
    if (tuned.isEmpty()) {
      throw new MtcException(
          "none of the tasks to calibrate ("
              + String.join(", ", plan.tasks().stream().map(TaskSpec::name).toList())
              + ") has a dev split to tune offsets on; give --data-dir where their data is "
              + "(tasks.conf names it), or add dev files");
    }
    Provenance provenance = provenance(plan, metric, tuned, skipped, command);
    try (StagedDirectory staged = StagedDirectory.beside(plan.out())) {
      Path dir = staged.path();
      CarriedFiles.copy(plan.modelDir(), dir);
      Files.copy(plan.modelDir().resolve(TasksConf.FILE), dir.resolve(TasksConf.FILE));
      Map<String, TaskKind> kinds = new LinkedHashMap<>();
      plan.conf().tasks().tasks().forEach(t -> kinds.put(t.name(), t.kind()));
      Map<String, double[]> offsets = new LinkedHashMap<>();
      tuned.forEach(t -> offsets.put(t.task(), t.result().offsets()));
      Heads.offsetBiases(
          plan.modelDir().resolve(MultitaskModel.HEADS_FILE),
          dir.resolve(MultitaskModel.HEADS_FILE),
          kinds,
          offsets);
      ObjectNode entries = JSON.createObjectNode();
      for (DevOffsets.Tuned t : tuned) {
        entries.set(
            t.task(), Evaluator.toJson(Map.of(t.task(), t.after())).path("tasks").path(t.task()));
      }
      Path metrics = plan.modelDir().resolve(MultitaskModel.METRICS_FILE);
      if (Files.isRegularFile(metrics)) {
        ComposedMetrics.write(
            metrics, dir.resolve(MultitaskModel.METRICS_FILE), List.of(), entries);
      }
      provenance.writeTo(dir);
      staged.publish(plan.overwrite());
    } catch (IOException e) {
      throw new MtcException(
          "could not write " + plan.out() + ": " + e.getMessage() + " (nothing was written)", e);
    }
    return provenance.sourceSha256();
  }

  private static Provenance provenance(
      Plan plan,
      OffsetTuning.Metric metric,
      List<DevOffsets.Tuned> tuned,
      List<String> skipped,
      String command) {
    ObjectNode calibrated = JSON.createObjectNode();
    ArrayNode data = JSON.createArrayNode();
    for (DevOffsets.Tuned t : tuned) {
      ObjectNode entry = calibrated.putObject(t.task());
      ObjectNode offsets = entry.putObject("offsets");
      for (int j = 0; j < t.labels().size(); j++) {
        offsets.put(t.labels().get(j), t.result().offsets()[j]);
      }
      entry.put("dev_examples", t.examples());
      entry.put("dev_before", t.result().before());
      entry.put("dev_after", t.result().after());
      entry.put("sweeps", t.result().sweeps());
      data.addObject()
          .put("task", t.task())
          .put("split", "dev")
          .put("path", t.devFile().toAbsolutePath().normalize().toString())
          .put("sha256", FileDigest.of(t.devFile()));
    }
    ObjectNode inputs = JSON.createObjectNode().put("command", command);
    inputs.set("data", data);
    List<String> names = new ArrayList<>(calibrated.size());
    calibrated.fieldNames().forEachRemaining(names::add);
    return Provenance.of(OPERATION, plan.source(), plan.modelDir())
        .with("metric", metric.configName())
        .with(
            "grid",
            "coordinate search over [-"
                + OffsetTuning.LIMIT
                + ", "
                + OffsetTuning.LIMIT
                + "] step "
                + OffsetTuning.STEP
                + ", added to the classifier bias")
        .with("calibrated", calibrated)
        .with("skipped_without_dev", skipped)
        .with("unchanged", plan.unchanged())
        .with("inputs", inputs);
  }
}
