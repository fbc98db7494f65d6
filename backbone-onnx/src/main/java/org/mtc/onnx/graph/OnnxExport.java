package org.mtc.onnx.graph;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.core.Pooling;
import org.mtc.core.TaskHead;
import org.mtc.core.io.AtomicFiles;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.onnx.importer.OnnxFiles;
import org.mtc.onnx.proto.Onnx.GraphProto;
import org.mtc.onnx.proto.Onnx.ModelProto;
import org.mtc.onnx.proto.Onnx.StringStringEntryProto;
import org.mtc.onnx.proto.Onnx.ValueInfoProto;

/**
 * Writes ONNX graphs of mtc models, from Java: the encoder alone ({@link #encoder}), a whole
 * multitask model (encoder, pooling and every head; {@link #multitask}) and heads over an existing
 * encoder graph ({@link #headsOver}). A multitask graph's outputs are {@value EncoderGraph#POOLED}
 * {@code [batch, hidden]} and one {@code <task>} output of probabilities {@code [batch, labels]}
 * per task; its {@code metadata_props} make the file self-describing: {@value #TASKS_CONF} (the
 * tasks.conf text), {@code mtc.labels.<task>} (JSON array, output order), {@code mtc.kind.<task>}
 * (the kind's config name), {@code mtc.thresholds.<task>} (kinds that decide by thresholds:
 * multi-label), {@value #POOLING}, {@value #MAX_LENGTH}, {@value #TOKENIZER} (the tokenizer.json
 * text), and in a quantized graph {@value Quantization#METADATA_KEY}. Stateless and thread-safe.
 */
public final class OnnxExport {
  public static final String TASKS_CONF = "mtc.tasks.conf";
  public static final String TOKENIZER = "mtc.tokenizer.json";
  public static final String POOLING = "mtc.pooling";
  public static final String MAX_LENGTH = "mtc.max-length";
  public static final String LABELS_PREFIX = "mtc.labels.";
  public static final String KIND_PREFIX = "mtc.kind.";
  public static final String THRESHOLDS_PREFIX = "mtc.thresholds.";
  private static final ObjectMapper JSON = new ObjectMapper();

  private OnnxExport() {}

  /**
   * The encoder of {@code dir} with {@code pooling} (CLS or MEAN): outputs last_hidden_state and
   * pooled.
   */
  public static ModelProto encoder(HfBackboneDirectory dir, Pooling pooling) {
    return encoder(dir, pooling, false);
  }

  /**
   * As {@link #encoder(HfBackboneDirectory, Pooling)}; {@code fused}: on ONNX Runtime's fused
   * kernels.
   */
  public static ModelProto encoder(HfBackboneDirectory dir, Pooling pooling, boolean fused) {
    return encoder(dir, pooling, fused, Quantization.NONE);
  }

  /**
   * As {@link #encoder(HfBackboneDirectory, Pooling, boolean)}, its dense layers quantized as
   * {@code quantization} says (recorded in the metadata {@value Quantization#METADATA_KEY}).
   */
  public static ModelProto encoder(
      HfBackboneDirectory dir, Pooling pooling, boolean fused, Quantization quantization) {
    EncoderWeights w = EncoderWeights.load(dir.encoderConfig(), dir.weights());
    GraphBuilder g = new GraphBuilder("mtc-encoder");
    EncoderGraph.build(g, w, pooling, fused, quantization);
    Map<String, String> m = new LinkedHashMap<>();
    m.put(POOLING, pooling.name().toLowerCase(Locale.ROOT));
    putQuantization(m, quantization);
    return g.build("mtc encoder of " + dir.path().getFileName() + " (" + pooling + " pooling)", m);
  }

  private static void putQuantization(Map<String, String> metadata, Quantization quantization) {
    if (quantization != Quantization.NONE) {
      metadata.put(Quantization.METADATA_KEY, quantization.metadataValue());
    }
  }

  /**
   * The whole multitask model as one graph.
   *
   * @param backbone the trained model's {@code backbone/} directory
   * @param heads one head per task, in tasks.conf order
   * @param tasksConf the tasks.conf text, stored in the metadata
   */
  public static ModelProto multitask(
      HfBackboneDirectory backbone,
      Pooling pooling,
      int maxLength,
      List<TaskHead> heads,
      String tasksConf) {
    return multitask(backbone, pooling, maxLength, heads, tasksConf, false);
  }

  /**
   * As above; {@code fused}: the encoder on ONNX Runtime's fused kernels (runs on ONNX Runtime
   * only).
   */
  public static ModelProto multitask(
      HfBackboneDirectory backbone,
      Pooling pooling,
      int maxLength,
      List<TaskHead> heads,
      String tasksConf,
      boolean fused) {
    return multitask(backbone, pooling, maxLength, heads, tasksConf, fused, Quantization.NONE);
  }

  /**
   * As above, the encoder's dense layers and embeddings and the heads' poolers quantized as {@code
   * quantization} says (the classifiers stay fp32); the metadata records it ({@value
   * Quantization#METADATA_KEY}).
   */
  public static ModelProto multitask(
      HfBackboneDirectory backbone,
      Pooling pooling,
      int maxLength,
      List<TaskHead> heads,
      String tasksConf,
      boolean fused,
      Quantization quantization) {
    EncoderWeights w = EncoderWeights.load(backbone.encoderConfig(), backbone.weights());
    GraphBuilder g = new GraphBuilder("mtc-multitask");
    String pooled = EncoderGraph.build(g, w, pooling, fused, quantization);
    HeadsGraph.build(g, pooled, w.config().hiddenSize(), heads, quantization);
    Map<String, String> m =
        metadata(pooling, maxLength, heads, tasksConf, tokenizer(backbone.tokenizer()));
    putQuantization(m, quantization);
    return g.build(
        "mtc multitask model: encoder, " + pooling + " pooling and " + heads.size() + " heads", m);
  }

  /**
   * The text of a tokenizer.json, embedded in exported graphs so that they serve with no other
   * file.
   */
  public static String tokenizer(Path tokenizerJson) {
    try {
      return Files.readString(tokenizerJson);
    } catch (IOException e) {
      throw new MtcException(
          "could not read tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@link #headsOver(ModelProto, String, Pooling, int, List, String, String)} on the encoder file
   * {@code encoder}.
   */
  public static ModelProto headsOver(
      Path encoder,
      Pooling pooling,
      int maxLength,
      List<TaskHead> heads,
      String tasksConf,
      String tokenizerJson) {
    return headsOver(
        OnnxFiles.read(encoder),
        encoder.toString(),
        pooling,
        maxLength,
        heads,
        tasksConf,
        tokenizerJson);
  }

  /**
   * The heads appended to an existing encoder graph that has an output {@value EncoderGraph#POOLED}
   * {@code [batch, hidden]} (an mtc encoder or multitask export). Existing task outputs are
   * replaced. Over a quantized encoder the heads' poolers are quantized the same way and the
   * metadata keeps {@value Quantization#METADATA_KEY}.
   *
   * @param where names the encoder file in error messages
   * @param tokenizerJson the tokenizer.json text to embed
   */
  public static ModelProto headsOver(
      ModelProto encoder,
      String where,
      Pooling pooling,
      int maxLength,
      List<TaskHead> heads,
      String tasksConf,
      String tokenizerJson) {
    GraphProto graph = encoder.getGraph();
    ValueInfoProto pooled =
        graph.getOutputList().stream()
            .filter(o -> o.getName().equals(EncoderGraph.POOLED))
            .findFirst()
            .orElseThrow(
                () ->
                    new MtcException(
                        where
                            + " has no output '"
                            + EncoderGraph.POOLED
                            + "' [batch, hidden] (outputs: "
                            + graph.getOutputList().stream().map(ValueInfoProto::getName).toList()
                            + "); give an encoder written by `mtc export onnx`"));
    var dims = pooled.getType().getTensorType().getShape().getDimList();
    if (dims.size() != 2 || !dims.get(1).hasDimValue()) {
      throw new MtcException(
          where
              + ": output '"
              + EncoderGraph.POOLED
              + "' must be [batch, hidden] with a fixed "
              + "hidden size");
    }
    int hidden = (int) dims.get(1).getDimValue();
    GraphBuilder g =
        new GraphBuilder(
            graph.toBuilder()
                .clearOutput()
                .addOutput(pooled)
                .addAllOutput(
                    graph.getOutputList().stream()
                        .filter(o -> o.getName().equals(EncoderGraph.HIDDEN))
                        .toList()));
    Quantization quantization = Quantization.of(metadata(encoder));
    HeadsGraph.build(g, EncoderGraph.POOLED, hidden, heads, quantization);
    Map<String, String> m = metadata(pooling, maxLength, heads, tasksConf, tokenizerJson);
    putQuantization(m, quantization);
    return g.build("mtc heads over " + where, m);
  }

  static Map<String, String> metadata(
      Pooling pooling,
      int maxLength,
      List<TaskHead> heads,
      String tasksConf,
      String tokenizerJson) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(TOKENIZER, tokenizerJson);
    m.put(TASKS_CONF, tasksConf);
    m.put(POOLING, pooling.name().toLowerCase(Locale.ROOT));
    m.put(MAX_LENGTH, Integer.toString(maxLength));
    try {
      for (TaskHead h : heads) {
        m.put(LABELS_PREFIX + h.task(), JSON.writeValueAsString(h.labels().labels()));
        m.put(KIND_PREFIX + h.task(), h.kind().configName());
        if (h.thresholds().length > 0) {
          m.put(THRESHOLDS_PREFIX + h.task(), JSON.writeValueAsString(h.thresholds()));
        }
      }
    } catch (IOException e) {
      throw new MtcException("could not encode the export metadata", e);
    }
    return m;
  }

  /** Metadata of a model as a map. */
  public static Map<String, String> metadata(ModelProto model) {
    Map<String, String> m = new LinkedHashMap<>();
    for (StringStringEntryProto e : model.getMetadataPropsList()) {
      m.put(e.getKey(), e.getValue());
    }
    return m;
  }

  /** Writes {@code model} to {@code file} atomically and checks that it reads back. */
  public static void write(ModelProto model, Path file) {
    long size = model.getSerializedSize();
    if (size >= Integer.MAX_VALUE) {
      throw new MtcException(
          "the ONNX graph for "
              + file
              + " is "
              + size
              + " bytes; protobuf files must stay under "
              + "2 GiB");
    }
    AtomicFiles.write(file, model::writeTo);
    OnnxFiles.read(file);
  }
}
