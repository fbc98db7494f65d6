package org.mtc.tasks.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.Backbone;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.Pooling;
import org.mtc.core.TaskHead;
import org.mtc.core.engine.Engines;
import org.mtc.core.io.AtomicFiles;
import org.mtc.core.io.Safetensors;
import org.mtc.core.task.TaskSet;
import org.mtc.core.task.TaskSpec;
import org.mtc.heads.DenseHead;
import org.mtc.heads.HeadSettings;
import org.mtc.heads.Heads;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.data.TaskData;

/**
 * One shared encoder with a head per task: texts → {@link Backbone#encode} once per batch → pooled
 * {@code [batch, hidden]} → every head → {@code {task: [batch, labels]}}.
 *
 * <p>A saved model is a directory: {@code backbone/} (Hugging Face layout, {@link Backbone#save}),
 * {@code heads.safetensors}, {@code tasks.conf} ({@link TasksConf}), {@code metrics.json} and
 * {@code settings.conf} (the merged settings used, for the record). {@link #save} replaces the
 * whole directory atomically ({@link Checkpoints}).
 *
 * <p>Tasks with a context column ({@link TaskSpec#hasContext()}) read each text with its dialog
 * context as a sentence pair; {@link #probabilities(List)} then makes one encoder pass over the
 * texts alone for the other tasks and one more over the pairs for them (a batch without any context
 * needs only the first).
 *
 * <p>Owns the backbone and closes it in {@link #close}. Inference ({@link #probabilities}) is
 * thread-safe while nobody trains; training the backbone and heads is single-threaded.
 */
public final class MultitaskModel implements AutoCloseable {
  public static final String BACKBONE_DIR = "backbone";
  public static final String HEADS_FILE = Heads.FILE_NAME;
  public static final String METRICS_FILE = "metrics.json";
  public static final String SETTINGS_FILE = "settings.conf";

  /** Inside a training output directory, the best checkpoint. */
  public static final String BEST_DIR = "model";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Backbone backbone;
  private final TasksConf conf;
  private final List<TaskHead> heads;
  private final Map<String, TaskHead> byTask;
  private final Config settings;

  /**
   * @param backbone the encoder; this model owns it from now on
   * @param conf the tasks (labels declared, in head order) and the architecture the heads expect
   * @param heads one head per task of {@code conf}, in the same order, with the same label spaces
   * @param settings the merged settings used, written to {@code settings.conf} (may be empty)
   */
  public MultitaskModel(Backbone backbone, TasksConf conf, List<TaskHead> heads, Config settings) {
    this.backbone = backbone;
    this.conf = conf;
    this.heads = List.copyOf(heads);
    this.settings = settings;
    this.byTask = new LinkedHashMap<>();
    List<TaskSpec> specs = conf.tasks().tasks();
    if (specs.size() != heads.size()) {
      throw new MtcException(
          specs.size()
              + " tasks ("
              + String.join(", ", conf.names())
              + ") but "
              + heads.size()
              + " heads; give one head per task");
    }
    for (int i = 0; i < specs.size(); i++) {
      TaskSpec spec = specs.get(i);
      TaskHead head = heads.get(i);
      if (!head.task().equals(spec.name())
          || !head.labels().labels().equals(spec.labels())
          || !head.kind().configName().equals(spec.kind().configName())) {
        throw new MtcException(
            "head "
                + i
                + " (task '"
                + head.task()
                + "', "
                + head.kind().configName()
                + ", "
                + head.labels().size()
                + " labels) does not match task '"
                + spec.name()
                + "' ("
                + spec.kind().configName()
                + ", labels "
                + spec.labels()
                + ")");
      }
      if (head.inputSize() != backbone.info().hiddenSize()) {
        throw new MtcException(
            "head of task '"
                + head.task()
                + "' reads "
                + head.inputSize()
                + " inputs (hidden size "
                + head.inputSize()
                + ") but the backbone ("
                + backbone.info().modelType()
                + ", "
                + backbone.info().layers()
                + " layers)"
                + " has hidden size "
                + backbone.info().hiddenSize()
                + "; heads only run on the backbone they were "
                + "trained with: use the model's own backbone/ directory, or train new heads on this backbone");
      }
      byTask.put(spec.name(), head);
    }
  }

  /**
   * A new model for training: new heads (from {@code mtc.heads} and {@code mtc.seed}) on {@code
   * backbone} for the tasks of {@code data}, with their label spaces (inferred labels made
   * explicit). With {@code mtc.heads.multi-label-prior-bias}, heads whose kind has prior biases
   * (multi-label) start at their labels' training frequencies.
   */
  public static MultitaskModel create(Backbone backbone, List<TaskData> data, Config settings) {
    HeadSettings headSettings = HeadSettings.from(settings);
    long seed = settings.getLong("mtc.seed");
    List<TaskSpec> specs = new ArrayList<>();
    List<TaskHead> heads = new ArrayList<>();
    for (TaskData d : data) {
      TaskSpec s = d.spec();
      specs.add(s.withLabels(d.labels().labels()));
      heads.add(
          Heads.create(
              s.name(), s.kind(), d.labels(), backbone.info().hiddenSize(), headSettings, seed));
      if (headSettings.multiLabelPriorBias()
          && heads.get(heads.size() - 1) instanceof DenseHead m) {
        List<Example> labelled = d.train().stream().filter(Example::labelled).toList();
        if (!labelled.isEmpty()) {
          m.startFromLabelPriors(positives(labelled, d.labels().size()), labelled.size());
        }
      }
    }
    TasksConf conf =
        new TasksConf(
            new TaskSet(specs),
            backbone.info().pooling(),
            settings.getInt("mtc.backbone.max-length"),
            settings.getConfig("mtc.heads"));
    return new MultitaskModel(backbone, conf, heads, settings);
  }

  /** How many of {@code examples} carry each label, {@code [labels]}. */
  private static long[] positives(List<Example> examples, int labels) {
    long[] counts = new long[labels];
    for (Example e : examples) {
      for (int l : e.labels()) {
        counts[l]++;
      }
    }
    return counts;
  }

  /**
   * Starts the heads of {@code tasks} from the heads a trained model stored in {@code headsFile}
   * (its {@code heads.safetensors}), bit for bit: a student that continues from a model keeps what
   * its heads learnt. The other heads keep their start.
   *
   * @throws MtcException naming the file and the task when a head is missing there or has another
   *     shape (e.g. other labels); no head is changed then
   */
  public void startHeadsFrom(Path headsFile, java.util.Collection<String> tasks) {
    Heads.load(headsFile, tasks.stream().map(this::head).toList());
  }

  public Backbone backbone() {
    return backbone;
  }

  public TasksConf conf() {
    return conf;
  }

  public TaskSet tasks() {
    return conf.tasks();
  }

  /** Heads in task order. */
  public List<TaskHead> heads() {
    return heads;
  }

  /** The head of {@code task}; fails listing the tasks when there is none. */
  public TaskHead head(String task) {
    TaskHead h = byTask.get(task);
    if (h == null) {
      conf.tasks().task(task); // throws with a did-you-mean
      throw new MtcException("no head for task '" + task + "'");
    }
    return h;
  }

  public Pooling pooling() {
    return conf.pooling();
  }

  public Config settings() {
    return settings;
  }

  /**
   * Probabilities of every task for one batch of inputs: tasks without a context column read the
   * texts alone (one encoder pass, shared by every such head), tasks with one read each text with
   * its context as a pair {@code [CLS] context [SEP] text [SEP]} (one more pass, skipped when no
   * input has a context, or no task reads one). Result: task → {@code [inputs, labels]}, in task
   * order. Callers choose the batch size.
   */
  public Map<String, float[][]> probabilities(List<Input> inputs) {
    Pooled pooled = encode(inputs);
    Map<String, float[][]> out = new LinkedHashMap<>();
    for (TaskHead h : heads) {
      out.put(
          h.task(),
          finite(h.task(), h.probabilities(pooled.of(conf.tasks().task(h.task()))), inputs));
    }
    return out;
  }

  /**
   * The pooled vectors every task reads, {@code [inputs, hidden]} each: {@code alone} (the texts by
   * themselves; null when no task of the model reads texts alone) and {@code paired} (each text
   * with its context, the text alone where it has none). Arrays may be shared between the two.
   */
  public record Pooled(float[][] alone, float[][] paired) {
    /** What {@code task} reads. */
    public float[][] of(TaskSpec task) {
      return task.hasContext() ? paired : alone;
    }
  }

  /**
   * The encoder passes a batch needs: one over the texts alone when a task reads no context (or no
   * input has one), and one over the inputs that have a context when a task reads it. Inputs
   * without a context are encoded once and shared.
   */
  public Pooled encode(List<Input> inputs) {
    Input.checkBatch(inputs);
    boolean anyAlone = false;
    boolean anyPaired = false;
    for (TaskSpec t : conf.tasks().tasks()) {
      anyAlone |= !t.hasContext();
      anyPaired |= t.hasContext();
    }
    List<Integer> withContext = new ArrayList<>();
    for (int i = 0; anyPaired && i < inputs.size(); i++) {
      if (inputs.get(i).hasContext()) {
        withContext.add(i);
      }
    }
    if (withContext.isEmpty()) {
      float[][] alone = backbone.encode(withoutContexts(inputs));
      return new Pooled(alone, alone);
    }
    float[][] pairs = backbone.encode(withContext.stream().map(inputs::get).toList());
    float[][] alone = null;
    if (anyAlone) {
      alone = backbone.encode(withoutContexts(inputs));
    } else if (withContext.size() < inputs.size()) {
      List<Input> rest = inputs.stream().filter(in -> !in.hasContext()).toList();
      alone = new float[inputs.size()][];
      float[][] restPooled = backbone.encode(rest);
      for (int i = 0, r = 0; i < inputs.size(); i++) {
        if (!inputs.get(i).hasContext()) {
          alone[i] = restPooled[r++];
        }
      }
    }
    float[][] paired = new float[inputs.size()][];
    for (int i = 0; i < inputs.size(); i++) {
      paired[i] = alone == null ? null : alone[i];
    }
    for (int k = 0; k < withContext.size(); k++) {
      paired[withContext.get(k)] = pairs[k];
    }
    return new Pooled(anyAlone ? alone : null, paired);
  }

  /**
   * Probabilities {@code [inputs, labels]} of one task for one batch, the texts read with their
   * contexts when the task has a context column (else alone): one encoder pass.
   */
  public float[][] probabilities(String task, List<Input> inputs) {
    TaskHead h = head(task);
    boolean pairs = conf.tasks().task(task).hasContext();
    float[][] pooled = backbone.encode(pairs ? Input.checkBatch(inputs) : withoutContexts(inputs));
    return finite(task, h.probabilities(pooled), inputs);
  }

  /** The texts of {@code inputs} alone, without their contexts. */
  private static List<Input> withoutContexts(List<Input> inputs) {
    return Input.checkBatch(inputs).stream().map(Input::withoutContext).toList();
  }

  /**
   * Refuses to hand out NaN or infinite probabilities: they mean broken weights, never an answer.
   */
  private float[][] finite(String task, float[][] probs, List<Input> inputs) {
    for (int i = 0; i < probs.length; i++) {
      if (Safetensors.firstNonFinite(probs[i]) >= 0) {
        String text = inputs.get(i).text();
        throw new MtcException(
            "task '"
                + task
                + "' gave non-finite probabilities for text "
                + (i + 1)
                + " of its batch (\""
                + (text.length() > 40 ? text.substring(0, 40) + "..." : text)
                + "\"), so no "
                + "answer is given: the weights are corrupted or training diverged ("
                + backbone.info().engine()
                + " engine). Re-create the model with `mtc train`, with a lower learning rate if it diverged");
      }
    }
    return probs;
  }

  /**
   * Saves the model as {@code dir}, replacing an existing one only once the new one is complete.
   *
   * @param metrics written as {@code metrics.json}; null writes none
   */
  public void save(Path dir, JsonNode metrics) {
    Checkpoints.replace(dir, tmp -> writeTo(tmp, metrics));
  }

  /**
   * Writes the model's files into the existing, empty directory {@code dir} (each file atomically).
   */
  public void writeTo(Path dir, JsonNode metrics) {
    backbone.save(dir.resolve(BACKBONE_DIR));
    Heads.save(dir.resolve(HEADS_FILE), heads);
    AtomicFiles.writeString(dir.resolve(TasksConf.FILE), conf.render());
    ModelFormat.write(dir);
    if (metrics != null) {
      writeJson(dir.resolve(METRICS_FILE), metrics);
    }
    if (!settings.isEmpty() && settings.hasPath("mtc")) {
      AtomicFiles.writeString(
          dir.resolve(SETTINGS_FILE),
          "# The merged mtc settings of the run that wrote this "
              + "model (for the record; tasks.conf is what loading reads).\n"
              + settings
                  .withOnlyPath("mtc")
                  .root()
                  .render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false)));
    }
  }

  /** Writes {@code json} atomically, pretty-printed. */
  public static void writeJson(Path file, JsonNode json) {
    AtomicFiles.write(file, out -> out.write(JSON.writeValueAsBytes(json)));
  }

  /**
   * Opens a saved model ({@link SavedModels#load}): a model directory or a training output
   * directory holding one in {@code model/}. The caller owns and closes it.
   */
  public static MultitaskModel load(Path dir, Engines engines, Config settings) {
    return SavedModels.load(dir, engines, settings);
  }

  /**
   * Checks a saved model without reading weights ({@link SavedModels#check}); the model directory.
   */
  public static Path check(Path dir) {
    return SavedModels.check(dir);
  }

  /** The directory holding {@code tasks.conf} ({@link SavedModels#directoryOf}). Reads only. */
  public static Path directoryOf(Path dir) {
    return SavedModels.directoryOf(dir);
  }

  /** The model directory inside {@code dir}, read past an unfinished checkpoint swap. */
  static Path resolve(Path dir) {
    return SavedModels.resolve(dir);
  }

  @Override
  public void close() {
    backbone.close();
  }
}
