package org.mtc.onnx;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.SentencePair;
import org.mtc.core.TaskKind;
import org.mtc.onnx.graph.EncoderGraph;
import org.mtc.onnx.graph.OnnxExport;
import org.mtc.onnx.importer.OnnxFiles;
import org.mtc.tokenizers.LengthBatches;
import org.mtc.tokenizers.TextTokenizer;

/**
 * A multitask graph written by {@code mtc export onnx}, served on ONNX Runtime with no other file:
 * the tokenizer, labels, pooling and max length come from the graph's metadata. {@link
 * #probabilities} returns task → probabilities {@code [texts, labels]} (and {@value
 * EncoderGraph#POOLED} {@code [texts, hidden]}). Opening checks that every task of the metadata has
 * an output with as many columns as it has labels.
 *
 * <p>Thread-safe: one shared session; {@link #close} must not race with {@link #probabilities}.
 * Owns its session and tokenizer.
 */
public final class ExportedModel implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Map<String, List<String>> labels = new LinkedHashMap<>();
  private final Map<String, String> metadata;
  private final Set<String> contextTasks = new LinkedHashSet<>();
  private final OrtGraph graph;
  private final TextTokenizer tokens;
  private final int batchSize;

  private ExportedModel(Path file, OnnxSettings settings) {
    this.file = file;
    // Only the metadata is read here, streaming; ONNX Runtime reads the graph itself, so the
    // weights never pass the Java heap (they set a serving process' peak memory when they did).
    this.metadata =
        OnnxFiles.metadata(
            file,
            "pass a trained model directory (mtc train --out DIR) or a file "
                + "written by mtc export onnx");
    requireMultitaskMetadata();
    readLabels();
    readContextTasks();
    Set<String> outputs = new LinkedHashSet<>(labels.keySet());
    outputs.add(EncoderGraph.POOLED);
    this.graph = new OrtGraph(file, settings, outputs);
    try {
      Map<String, long[]> shapes = graph.outputShapes();
      labels.forEach(
          (task, names) -> {
            long[] s = shapes.get(task);
            if (s.length != 2 || s[1] != names.size()) {
              throw new MtcException(
                  file
                      + ": output '"
                      + task
                      + "' has shape "
                      + Arrays.toString(s)
                      + " but task '"
                      + task
                      + "' has "
                      + names.size()
                      + " labels in the file's tasks.conf metadata; re-export the model");
            }
          });
      Path tmp = Files.createTempFile("mtc-tokenizer", ".json");
      try {
        Files.writeString(tmp, metadata.get(OnnxExport.TOKENIZER));
        this.tokens = new TextTokenizer(tmp, Integer.parseInt(metadata.get(OnnxExport.MAX_LENGTH)));
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException | RuntimeException e) {
      graph.close();
      throw e instanceof MtcException m ? m : new MtcException(file + ": " + e.getMessage(), e);
    }
    this.batchSize = settings.batchSize();
  }

  /** Refuses a graph whose metadata lacks the tasks.conf, max length or tokenizer. */
  private void requireMultitaskMetadata() {
    for (String key : List.of(OnnxExport.TASKS_CONF, OnnxExport.MAX_LENGTH, OnnxExport.TOKENIZER)) {
      if (!metadata.containsKey(key)) {
        throw new MtcException(
            file
                + " has no metadata '"
                + key
                + "': it is not a multitask graph written by "
                + "`mtc export onnx` (metadata keys: "
                + metadata.keySet()
                + ")");
      }
    }
  }

  /** Fills {@link #labels} from the label metadata, in metadata order. */
  private void readLabels() {
    try {
      for (var e : metadata.entrySet()) {
        if (e.getKey().startsWith(OnnxExport.LABELS_PREFIX)) {
          labels.put(
              e.getKey().substring(OnnxExport.LABELS_PREFIX.length()),
              JSON.readValue(e.getValue(), new TypeReference<List<String>>() {}));
        }
      }
    } catch (IOException e) {
      throw new MtcException(file + ": unreadable label metadata: " + e.getMessage(), e);
    }
  }

  /** Fills {@link #contextTasks}: the tasks whose tasks.conf entry names a context column. */
  private void readContextTasks() {
    try {
      Config tasks =
          ConfigFactory.parseString(metadata.get(OnnxExport.TASKS_CONF)).getConfig("mtc.tasks");
      for (String task : labels.keySet()) {
        String key = "\"" + task + "\".context-column";
        if (tasks.hasPath(key)) {
          contextTasks.add(task);
        }
      }
    } catch (ConfigException e) {
      throw new MtcException(file + ": unreadable tasks.conf metadata: " + e.getMessage(), e);
    }
  }

  /** Opens an exported multitask graph. */
  public static ExportedModel open(Path file, OnnxSettings settings) {
    return new ExportedModel(file, settings);
  }

  /** Tasks in output order with their labels (probability columns in this order). */
  public Map<String, List<String>> labels() {
    return labels;
  }

  /** A task's kind (single-label, multi-label, ...), from the file's metadata. */
  public TaskKind kind(String task) {
    String v = metadata.get(OnnxExport.KIND_PREFIX + task);
    if (v == null) {
      throw new MtcException(
          file
              + " has no metadata '"
              + OnnxExport.KIND_PREFIX
              + task
              + "'; tasks: "
              + labels.keySet());
    }
    return TaskKind.parse(v, file + " metadata " + OnnxExport.KIND_PREFIX + task);
  }

  /**
   * The decision thresholds {@code [labels]} of a task whose kind decides by them (multi-label),
   * from the file's metadata (0.5 where absent; other kinds ignore them).
   */
  public float[] thresholds(String task) {
    String v = metadata.get(OnnxExport.THRESHOLDS_PREFIX + task);
    float[] out = new float[labels.getOrDefault(task, List.of()).size()];
    Arrays.fill(out, 0.5f);
    if (v == null) {
      return out;
    }
    try {
      float[] read = JSON.readValue(v, float[].class);
      if (read.length != out.length) {
        throw new MtcException(
            file
                + ": task '"
                + task
                + "' has "
                + out.length
                + " labels but "
                + read.length
                + " thresholds in its metadata; re-export the model");
      }
      return read;
    } catch (IOException e) {
      throw new MtcException(
          file + ": unreadable thresholds of task '" + task + "': " + e.getMessage(), e);
    }
  }

  /** The tasks.conf the model was exported with. */
  public String tasksConf() {
    return metadata.get(OnnxExport.TASKS_CONF);
  }

  /**
   * Task → probabilities {@code [inputs, labels]}, plus {@value EncoderGraph#POOLED} → {@code
   * [inputs, hidden]}. Tasks whose tasks.conf entry names a {@code context-column} read each input
   * with its context ({@code [CLS] context [SEP] text [SEP]}); the others read the texts alone, as
   * {@code MultitaskModel} does: one pass when no input has a context or every task reads one, else
   * one over the texts and one over the pairs ({@value EncoderGraph#POOLED} is the texts').
   */
  public Map<String, float[][]> probabilities(List<Input> inputs) {
    boolean anyPaired = labels.keySet().stream().anyMatch(contextTasks::contains);
    if (!anyPaired || !Input.anyContext(Input.checkBatch(inputs))) {
      return probabilities(alone(inputs));
    }
    Map<String, float[][]> paired = pairProbabilities(inputs);
    if (contextTasks.containsAll(labels.keySet())) {
      return paired;
    }
    Map<String, float[][]> out = probabilities(alone(inputs));
    contextTasks.forEach(t -> out.put(t, paired.get(t)));
    return out;
  }

  /** The texts of {@code inputs} as single sentences, tokenized. */
  private SentencePair.Batch alone(List<Input> inputs) {
    return SentencePair.Batch.singles(tokens.ids(Input.texts(inputs)));
  }

  /**
   * Every output of one pass over the inputs, each read with its context ({@code [CLS] context
   * [SEP] text [SEP]}; the text alone where it has none) whatever the tasks read: the graph's raw
   * answer, for parity checks.
   */
  public Map<String, float[][]> pairProbabilities(List<Input> inputs) {
    return probabilities(tokens.tokenize(inputs));
  }

  private Map<String, float[][]> probabilities(SentencePair.Batch rows) {
    Set<String> names = new LinkedHashSet<>(labels.keySet());
    names.add(EncoderGraph.POOLED);
    Map<String, float[][]> out = new LinkedHashMap<>();
    names.forEach(n -> out.put(n, new float[rows.size()][]));
    LengthBatches.forEachChunk(
        rows,
        batchSize,
        (chunk, positions) -> {
          Map<String, OrtGraph.Output> result = graph.run(chunk, names);
          for (String n : names) {
            OrtGraph.Output o = result.get(n);
            int width = (int) o.shape()[1];
            for (int i = 0; i < positions.length; i++) {
              out.get(n)[positions[i]] = Arrays.copyOfRange(o.data(), i * width, (i + 1) * width);
            }
          }
        });
    return out;
  }

  @Override
  public void close() {
    tokens.close();
    graph.close();
  }

  @Override
  public String toString() {
    return "ExportedModel[" + file + ", tasks " + labels.keySet() + "]";
  }
}
