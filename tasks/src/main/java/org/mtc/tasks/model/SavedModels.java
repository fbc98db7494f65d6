package org.mtc.tasks.model;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mtc.core.Backbone;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.core.TaskHead;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.engine.Engines;
import org.mtc.core.task.TaskSpec;
import org.mtc.heads.HeadSettings;
import org.mtc.heads.Heads;

/**
 * Saved models on disk: finding the model directory in what a user passes (a model directory, or a
 * training run directory holding {@code model/}), checking it without reading weights, and opening
 * it as a {@link MultitaskModel}. Stateless; reads only.
 */
final class SavedModels {
  private static final String HEADS_FILE = MultitaskModel.HEADS_FILE;
  private static final String BACKBONE_DIR = MultitaskModel.BACKBONE_DIR;
  private static final String BEST_DIR = MultitaskModel.BEST_DIR;

  private SavedModels() {}

  /**
   * Opens a saved model. {@code dir} is a model directory or a training output directory holding
   * one in {@code model/}. The engine, its own settings, fine-tuning and dropout come from {@code
   * settings} ({@code mtc.backbone.*}); pooling, max-length and the heads come from the directory.
   *
   * @throws MtcException naming a missing file, or the mismatch between heads.safetensors and
   *     tasks.conf
   */
  public static MultitaskModel load(Path dir, Engines engines, Config settings) {
    Path modelDir = check(dir);
    TasksConf conf = TasksConf.read(modelDir.resolve(TasksConf.FILE));
    Path headsFile = modelDir.resolve(HEADS_FILE);
    Path backboneDir = modelDir.resolve(BACKBONE_DIR);
    BackboneSpec s = BackboneSpec.from(settings, backboneDir);
    BackboneSpec spec =
        new BackboneSpec(
            backboneDir,
            s.engine(),
            conf.pooling(),
            conf.maxLength(),
            s.fineTuning(),
            s.optimizer(),
            s.dropout(),
            s.seed(),
            s.engineSettings());
    Backbone backbone = engines.open(spec);
    try {
      HeadSettings headSettings = HeadSettings.from(conf.headSettings(settings));
      List<TaskHead> heads = new ArrayList<>();
      for (TaskSpec t : conf.tasks().tasks()) {
        heads.add(
            Heads.create(
                t.name(),
                t.kind(),
                new LabelSpace(t.name(), t.labels()),
                backbone.info().hiddenSize(),
                headSettings,
                settings.getLong("mtc.seed")));
      }
      try {
        Heads.load(headsFile, heads);
      } catch (MtcException e) {
        throw new MtcException(
            HEADS_FILE
                + " does not match "
                + modelDir.resolve(TasksConf.FILE)
                + ": "
                + e.getMessage(),
            e);
      }
      return new MultitaskModel(backbone, conf, heads, settings);
    } catch (RuntimeException e) {
      backbone.close();
      throw e;
    }
  }

  /**
   * Checks what {@link #load} checks before it reads any weights: the directory, its format, its
   * tasks.conf and that heads.safetensors and backbone/ are there. Cheap: reads only small text
   * files.
   *
   * @return the model directory ({@code dir} or {@code dir/model})
   * @throws MtcException in the words of {@link #load}
   */
  public static Path check(Path dir) {
    Path modelDir = resolve(dir);
    ModelFormat.check(modelDir);
    TasksConf.read(modelDir.resolve(TasksConf.FILE));
    Path headsFile = modelDir.resolve(HEADS_FILE);
    Path backboneDir = modelDir.resolve(BACKBONE_DIR);
    if (!Files.isRegularFile(headsFile)) {
      throw new MtcException(
          "missing "
              + headsFile
              + ": a trained model directory needs heads.safetensors "
              + "next to tasks.conf");
    }
    if (!Files.isDirectory(backboneDir)) {
      throw new MtcException(
          "missing "
              + backboneDir
              + ": a trained model directory needs the backbone/ "
              + "directory (config.json, model.safetensors, tokenizer.json)");
    }
    return modelDir;
  }

  /**
   * The model directory inside {@code dir}: itself, or {@code dir/model} for a training output
   * directory (either read from its complete {@code .old} sibling while a checkpoint swap is
   * unfinished). Reads only: repairing an interrupted swap is the trainer's job ({@link
   * Checkpoints#replace}).
   */
  static Path resolve(Path dir) {
    return directoryOf(Checkpoints.readable(dir));
  }

  /**
   * The directory holding {@code tasks.conf}: {@code dir} itself, or {@code dir/model} for a
   * training run directory. Reads only.
   *
   * @throws MtcException if {@code dir} is a file, does not exist, or holds no trained model
   */
  public static Path directoryOf(Path dir) {
    requireDirectory(dir);
    if (Files.isRegularFile(dir.resolve(TasksConf.FILE))) {
      return dir;
    }
    Path best = Checkpoints.readable(dir.resolve(BEST_DIR));
    if (Files.isRegularFile(best.resolve(TasksConf.FILE)) || Files.isDirectory(best)) {
      return best;
    }
    throw new MtcException(
        "no trained model in "
            + dir
            + ": found neither "
            + dir.resolve(TasksConf.FILE)
            + " nor "
            + best.resolve(TasksConf.FILE)
            + "; pass a directory written by `mtc train --out DIR`");
  }

  private static void requireDirectory(Path dir) {
    if (Files.isRegularFile(dir)) {
      String name = dir.getFileName().toString();
      throw new MtcException(
          "--model "
              + dir
              + " is a file, not a model directory"
              + (name.endsWith(".onnx")
                  ? " (an exported .onnx graph is served by the onnx engine's ExportedModel, not by this command); pass "
                      + "the trained model directory it was exported from"
                  : "; pass the directory written by `mtc train "
                      + "--out DIR` (or its model/ folder)"));
    }
    if (!Files.isDirectory(dir)) {
      throw new MtcException(
          "model directory "
              + dir
              + " does not exist; train one with `mtc train --out "
              + dir
              + "`");
    }
  }
}
