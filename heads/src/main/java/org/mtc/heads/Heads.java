package org.mtc.heads;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.core.TaskHead;
import org.mtc.core.TaskKind;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.io.Safetensors;

/**
 * Creates task heads and stores all heads of a model in one {@code heads.safetensors}, with tensor
 * names {@code <task>.<layer>.weight|bias} (layers {@code pooler}, {@code classifier}; weights in
 * the Hugging Face layout {@code [out, in]}) and, for kinds that decide by thresholds
 * (multi-label), {@code <task>.thresholds [labels]}. A head has a pooler exactly when the file has
 * its {@code <task>.pooler.*} tensors, so loading needs no settings. Stateless and thread-safe (the
 * heads passed in are not).
 */
public final class Heads {
  /** The conventional file name inside a model directory. */
  public static final String FILE_NAME = "heads.safetensors";

  private Heads() {}

  /**
   * A new head for {@code task}: a {@link DenseHead} whose output, loss and decisions are those of
   * {@code kind}.
   *
   * @param labels the task's labels; {@code labels.task()} must equal {@code task}
   * @param inputSize the backbone's pooled size {@code [batch, inputSize]}
   * @param seed seeds the weight initialisation (mixed with the task name)
   */
  public static TaskHead create(
      String task,
      TaskKind kind,
      LabelSpace labels,
      int inputSize,
      HeadSettings settings,
      long seed) {
    if (!labels.task().equals(task)) {
      throw new MtcException(
          "head for task '" + task + "' was given the labels of task '" + labels.task() + "'");
    }
    return new DenseHead(kind, labels, inputSize, settings, seed);
  }

  /**
   * Writes every head's {@link TaskHead#state()} to {@code file} atomically, names prefixed {@code
   * <task>.}.
   */
  public static void save(Path file, List<TaskHead> heads) {
    Map<String, FloatTensor> all = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "mtc-heads");
    Set<String> tasks = new HashSet<>();
    for (TaskHead head : heads) {
      if (!tasks.add(head.task())) {
        throw new MtcException(
            "cannot save " + file + ": two heads are named '" + head.task() + "'");
      }
      metadata.put(head.task() + ".kind", head.kind().configName());
      for (var e : head.state().entrySet()) {
        all.put(head.task() + "." + e.getKey(), e.getValue());
      }
    }
    Safetensors.write(file, all, metadata);
  }

  /**
   * Loads every head of {@code heads} from {@code file}. Tensors of tasks not in {@code heads} are
   * ignored. All heads are checked before any changes: on failure no head is modified.
   *
   * @throws MtcException naming the file, the tensor, its shape and the expected one, e.g. {@code
   *     heads.safetensors: tensor 'intents.classifier.weight' has shape [150, 384] but task
   *     'intents' has 151 labels in tasks.conf}
   */
  public static void load(Path file, List<TaskHead> heads) {
    Map<String, Map<String, FloatTensor>> byTask = byTask(Safetensors.read(file));
    List<Map<String, FloatTensor>> backups = new ArrayList<>();
    try {
      for (TaskHead head : heads) {
        Map<String, FloatTensor> state = byTask.get(head.task());
        if (state == null) {
          throw new MtcException(
              "no tensors for task '"
                  + head.task()
                  + "' (the file has tasks "
                  + new TreeSet<>(byTask.keySet())
                  + "); the task was added after training: retrain, or remove it "
                  + "from tasks.conf");
        }
        backups.add(head.state());
        head.load(state);
      }
    } catch (MtcException e) {
      for (int i = 0; i < backups.size(); i++) {
        heads.get(i).load(backups.get(i));
      }
      throw new MtcException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes to {@code to} the heads of {@code tasks} only, as {@code from} stores them: every tensor
   * of those tasks (thresholds included) with its values bit for bit, and their kinds in the
   * metadata; the other tasks' tensors are left out. Writes atomically, as {@link #save} does.
   *
   * @param tasks the tasks to keep with their kinds, e.g. from the model's tasks.conf
   * @throws MtcException naming a task that has no tensors in {@code from}
   */
  public static void copy(Path from, Path to, Map<String, TaskKind> tasks) {
    combine(List.of(from), to, tasks);
  }

  /**
   * Writes to {@code to} the heads of {@code tasks}, each taken from the one file of {@code from}
   * that stores it, in the order of {@code tasks}: every tensor of those tasks (thresholds
   * included) with its values bit for bit, and their kinds in the metadata; other tasks' tensors
   * are left out. So the heads of two models on one backbone become one file. Writes atomically, as
   * {@link #save} does.
   *
   * @param from heads files, e.g. a trained model's and the one of heads trained for new tasks
   * @param tasks the tasks to write with their kinds, e.g. from the new model's tasks.conf
   * @throws MtcException naming a task that no file or two files store
   */
  public static void combine(List<Path> from, Path to, Map<String, TaskKind> tasks) {
    Map<String, Map<String, FloatTensor>> byTask = new LinkedHashMap<>();
    Map<String, Path> holder = new LinkedHashMap<>();
    Set<String> stored = new TreeSet<>();
    for (Path file : from) {
      for (var e : byTask(Safetensors.read(file)).entrySet()) {
        stored.add(e.getKey());
        if (!tasks.containsKey(e.getKey())) {
          continue;
        }
        Path other = holder.putIfAbsent(e.getKey(), file);
        if (other != null) {
          throw new MtcException(
              "task '"
                  + e.getKey()
                  + "' has heads in both "
                  + other
                  + " and "
                  + file
                  + "; a model has one head per task: rename the task in one of them");
        }
        byTask.put(e.getKey(), e.getValue());
      }
    }
    Map<String, FloatTensor> kept = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "mtc-heads");
    for (var task : tasks.entrySet()) {
      Map<String, FloatTensor> state = byTask.get(task.getKey());
      if (state == null) {
        throw new MtcException(
            String.join(" and ", from.stream().map(Path::toString).toList())
                + ": no tensors for task '"
                + task.getKey()
                + "' (stored: "
                + stored
                + "); the model directory is damaged: copy it again from where it was trained");
      }
      metadata.put(task.getKey() + ".kind", task.getValue().configName());
      for (var e : state.entrySet()) {
        kept.put(task.getKey() + "." + e.getKey(), e.getValue());
      }
    }
    Safetensors.write(to, kept, metadata);
  }

  /**
   * Writes {@code from} to {@code to} with offsets added to some single-label heads' classifier
   * biases ({@code <task>.classifier.bias [labels]}, element j gets {@code (float) (bias_j +
   * b_j)}): the head then answers {@code softmax(logits + b)}, whose argmax is that of {@code log p
   * + b}, with the same shapes, so every engine and an export run it unchanged. Every other tensor
   * (weights, poolers, other tasks, thresholds) is written bit for bit, in file order, with the
   * kinds of {@code tasks} in the metadata. Writes atomically, as {@link #save} does.
   *
   * @param tasks every task of the model with its kind, e.g. from its tasks.conf
   * @param offsets task → offsets {@code [labels]}, for single-label tasks of {@code tasks} only
   * @throws MtcException naming a task that is not single-label or whose bias has another shape
   */
  public static void offsetBiases(
      Path from, Path to, Map<String, TaskKind> tasks, Map<String, double[]> offsets) {
    Map<String, FloatTensor> all = new LinkedHashMap<>(Safetensors.read(from));
    for (var e : offsets.entrySet()) {
      TaskKind kind = tasks.get(e.getKey());
      if (kind == null || kind.decidesByThresholds()) {
        throw new MtcException(
            "task '"
                + e.getKey()
                + "' is "
                + (kind == null ? "not a task of the model" : kind.configName())
                + "; bias offsets apply to single-label heads only");
      }
      String name = e.getKey() + "." + DenseHead.CLASSIFIER_BIAS;
      FloatTensor bias = all.get(name);
      double[] b = e.getValue();
      if (bias == null || !bias.hasShape(b.length)) {
        throw new MtcException(
            from
                + ": tensor '"
                + name
                + "' is "
                + (bias == null ? "missing" : "of shape " + bias.shapeString())
                + " but "
                + b.length
                + " offsets were given; the model directory is damaged or its tasks.conf changed");
      }
      float[] shifted = bias.data().clone();
      for (int j = 0; j < shifted.length; j++) {
        shifted[j] = (float) (shifted[j] + b[j]);
      }
      all.put(name, new FloatTensor(bias.shape(), shifted));
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "mtc-heads");
    tasks.forEach((task, kind) -> metadata.put(task + ".kind", kind.configName()));
    Safetensors.write(to, all, metadata);
  }

  /** The tasks stored in {@code file} with whether each has a pooler, in file order. */
  public static Map<String, Boolean> poolers(Path file) {
    Map<String, Boolean> out = new LinkedHashMap<>();
    for (var e : byTask(Safetensors.read(file)).entrySet()) {
      out.put(e.getKey(), e.getValue().containsKey(DenseHead.POOLER_WEIGHT));
    }
    return out;
  }

  private static Map<String, Map<String, FloatTensor>> byTask(Map<String, FloatTensor> tensors) {
    Map<String, Map<String, FloatTensor>> byTask = new LinkedHashMap<>();
    for (var e : tensors.entrySet()) {
      int dot = e.getKey().indexOf('.');
      if (dot <= 0) {
        continue;
      }
      byTask
          .computeIfAbsent(e.getKey().substring(0, dot), k -> new LinkedHashMap<>())
          .put(e.getKey().substring(dot + 1), e.getValue());
    }
    return byTask;
  }
}
