package org.mtc.cli;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.core.TaskHead;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.core.task.TaskSpec;
import org.mtc.heads.HeadSettings;
import org.mtc.heads.Heads;
import org.mtc.onnx.graph.OnnxExport;
import org.mtc.onnx.graph.Quantization;
import org.mtc.onnx.importer.OnnxFiles;
import org.mtc.onnx.proto.Onnx.ModelProto;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.model.TasksConf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mtc export onnx}: writes a trained model as one ONNX graph, from Java (no Python). */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Export a trained model (encoder, pooling and every head) as one ONNX graph.",
    subcommands = {ExportCommand.Onnx.class})
final class ExportCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println(
        "mtc export: name a format, e.g. `mtc export onnx --model runs/mt --out runs/mt/model.onnx`");
    return 2;
  }

  /** {@code mtc export onnx}. */
  @Command(
      name = "onnx",
      mixinStandardHelpOptions = true,
      description = {
        "Write one ONNX graph: inputs input_ids, attention_mask (and token_type_ids for BERT), int64 "
            + "[batch, seq]; outputs `pooled` [batch, hidden] and one `<task>` output of probabilities [batch, labels] "
            + "per task. The metadata holds tasks.conf, the labels and tokenizer.json, so the file serves alone."
      })
  static final class Onnx implements Callable<Integer> {
    @Mixin SettingsOptions settingsOptions;

    @Option(
        names = "--model",
        required = true,
        paramLabel = "DIR",
        description = "Trained model directory (or a training run directory holding model/).")
    Path model;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description = "The .onnx file to write.")
    Path out;

    @Option(
        names = "--overwrite",
        description =
            "Replace an existing --out file that an earlier mtc export wrote "
                + "(never another file, nor one inside the model).")
    boolean overwrite;

    @Option(
        names = "--heads-only",
        description = "Append only the heads to the encoder graph given by --encoder.")
    boolean headsOnly;

    @Option(
        names = "--encoder",
        paramLabel = "FILE",
        description =
            "With --heads-only: an encoder graph with output `pooled` (e.g. from an earlier export).")
    Path encoder;

    @Option(
        names = "--fused",
        description =
            "Write the encoder with ONNX Runtime's fused transformer kernels "
                + "(com.microsoft Attention, SkipLayerNormalization, BiasGelu): faster, but runs on ONNX Runtime only.")
    boolean fused;

    @Option(
        names = "--quantize",
        paramLabel = "SCHEME",
        description =
            "int8: dynamic quantization of the encoder (dense weights int8 per output channel, "
                + "activations quantized at run time; word embeddings int8 per row, heads' poolers as the dense "
                + "layers; LayerNorm, softmax and the heads' classifiers stay fp32): a file under a third the size, faster on CPUs. The metadata records "
                + "it; eval, serve, annotate and Mtc.open take the file as they take an fp32 one.")
    String quantize;

    @Override
    public Integer call() {
      Quantization quantization =
          ExportQuantization.check(quantize, fused, model, headsOnly ? encoder : null);
      if (headsOnly != (encoder != null)) {
        throw new MtcException(
            "--heads-only and --encoder go together: `mtc export onnx --model DIR --out FILE "
                + "--heads-only --encoder ENCODER.onnx`");
      }
      if (headsOnly && fused) {
        throw new MtcException(
            "--fused does nothing with --heads-only: the encoder graph comes from --encoder as "
                + "it is; drop --fused (or export that encoder with --fused)");
      }
      settingsOptions.warnDataDirUnused("mtc export onnx");
      Config settings = settingsOptions.load(List.of(), Map.of());
      Path dir = modelDirectory(model);
      checkOutput(out, dir, overwrite);
      TasksConf conf = TasksConf.read(dir.resolve(TasksConf.FILE));
      List<TaskHead> heads = heads(dir, conf, settings);
      HfBackboneDirectory backbone =
          HfBackboneDirectory.open(dir.resolve(MultitaskModel.BACKBONE_DIR));
      long start = System.nanoTime();
      ModelProto graph =
          headsOnly
              ? OnnxExport.headsOver(
                  encoder,
                  conf.pooling(),
                  conf.maxLength(),
                  heads,
                  conf.render(),
                  OnnxExport.tokenizer(backbone.tokenizer()))
              : OnnxExport.multitask(
                  backbone,
                  conf.pooling(),
                  conf.maxLength(),
                  heads,
                  conf.render(),
                  fused,
                  quantization);
      OnnxExport.write(graph, out);
      System.err.printf(
          "wrote %s (%d tasks: %s; %s%.1f MB) in %.1f s%n",
          out,
          heads.size(),
          String.join(", ", conf.names()),
          quantization == Quantization.NONE ? "" : quantization.scheme() + ", ",
          graph.getSerializedSize() / 1e6,
          (System.nanoTime() - start) / 1e9);
      return 0;
    }

    /**
     * Refuses an {@code out} inside the model directory {@code modelDir} (writing there could break
     * the model), a directory, an existing file unless {@code overwrite}, and with it any file but
     * a graph an earlier {@code mtc export onnx} wrote (a data file, a backbone's ONNX model).
     */
    static void checkOutput(Path out, Path modelDir, boolean overwrite) {
      Path target = realPath(out.toAbsolutePath().normalize());
      Path model = realPath(modelDir.toAbsolutePath().normalize());
      if (target.startsWith(model)) {
        throw new MtcException(
            "--out "
                + out
                + " is inside the model directory "
                + modelDir
                + "; an export never "
                + "writes there (it could replace a file the model needs). Write it next to the model, e.g. --out "
                + model.resolveSibling(model.getFileName() + ".onnx"));
      }
      if (Files.isDirectory(target)) {
        throw new MtcException(
            "--out " + out + " is a directory; give the path of the .onnx file to write");
      }
      if (Files.exists(target) && !overwrite) {
        throw new MtcException(
            "--out "
                + out
                + " already exists; choose another path, or add --overwrite to "
                + "replace it");
      }
      if (Files.exists(target)) {
        checkReplaceable(out);
      }
    }

    /**
     * Refuses to replace anything but a graph written by {@code mtc export onnx} (its metadata says
     * so).
     */
    private static void checkReplaceable(Path out) {
      String fix =
          "--overwrite replaces only a graph written by mtc export onnx; choose another --out, or move the "
              + "file away yourself if it may go";
      Map<String, String> metadata;
      try {
        metadata = OnnxFiles.metadata(out, fix);
      } catch (MtcException e) {
        throw new MtcException("--out " + e.getMessage(), e);
      }
      if (!metadata.containsKey(OnnxExport.TASKS_CONF)) {
        throw new MtcException(
            "--out "
                + out
                + " is an ONNX model but not one written by mtc export onnx (it has no "
                + "metadata '"
                + OnnxExport.TASKS_CONF
                + "'); "
                + fix);
      }
    }

    /**
     * {@code path} with its links resolved (its deepest existing folder's, when it does not exist
     * yet).
     */
    private static Path realPath(Path path) {
      Path existing = path;
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      try {
        return existing == null ? path : existing.toRealPath().resolve(existing.relativize(path));
      } catch (IOException e) {
        return path;
      }
    }

    /** The directory holding tasks.conf: {@code dir} or its {@code model/}. */
    static Path modelDirectory(Path dir) {
      return MultitaskModel.directoryOf(dir);
    }

    /**
     * The heads of the model in tasks.conf order, checked against heads.safetensors (labels and
     * shapes).
     */
    static List<TaskHead> heads(Path dir, TasksConf conf, Config settings) {
      HeadSettings headSettings = HeadSettings.from(conf.headSettings(settings));
      Path backbone = dir.resolve(MultitaskModel.BACKBONE_DIR);
      int hidden = HfBackboneDirectory.open(backbone).encoderConfig().hiddenSize();
      List<TaskHead> heads = new ArrayList<>();
      for (TaskSpec t : conf.tasks().tasks()) {
        heads.add(
            Heads.create(
                t.name(), t.kind(), new LabelSpace(t.name(), t.labels()), hidden, headSettings, 0));
      }
      Path file = dir.resolve(MultitaskModel.HEADS_FILE);
      try {
        Heads.load(file, heads);
      } catch (MtcException e) {
        throw new MtcException(
            file + " does not match " + dir.resolve(TasksConf.FILE) + ": " + e.getMessage(), e);
      }
      return heads;
    }
  }
}
