package org.mtc.cli;

import com.typesafe.config.Config;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.mtc.core.task.TaskSet;
import org.mtc.library.DefaultBackbone;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What a training command trains, shared by {@code mtc train} and {@code mtc bench} (a picocli
 * mixin): which tasks of the set ({@code --only}), which backbone directory ({@code --backbone})
 * and which engine ({@code --engine}). Filled by picocli (the default backbone by injection), then
 * read from one thread.
 */
public final class TrainingChoiceOptions {
  @Inject DefaultBackbone defaultBackbone;

  @Mixin TaskChoiceOption tasks;

  @Option(
      names = "--backbone",
      paramLabel = "DIR",
      description =
          "Backbone directory (Hugging Face layout). Default: the embedded all-MiniLM-L6-v2.")
  Path backbone;

  @Option(names = "--engine", paramLabel = "NAME", description = "Engine: djl (default), onnx, tf.")
  String engine;

  /** Whether the user gave any of the three options. */
  public boolean anyGiven() {
    return !tasks.only.isEmpty() || backbone != null || engine != null;
  }

  /** The tasks {@code --only} names, in the order given; empty when it was not given. */
  public List<String> only() {
    return tasks.only();
  }

  /** The given {@code --backbone}, if any. */
  public Optional<Path> backbone() {
    return Optional.ofNullable(backbone);
  }

  /**
   * Puts {@code --engine} (null when not given) under {@code mtc.backbone.engine} of a command's
   * values.
   */
  public void putEngine(Map<String, Object> values) {
    values.put("mtc.backbone.engine", engine);
  }

  /** The tasks of {@code set} that {@code --only} names, or all of them. */
  public TaskSet select(TaskSet set) {
    return tasks.select(set);
  }

  /**
   * The backbone directory: {@code --backbone}, else {@code mtc.backbone.directory}, else the
   * embedded MiniLM (imported once, with a notice).
   */
  public Path backboneDirectory(Config settings, Consumer<String> notices) {
    return defaultBackbone.resolve(backbone(), settings, notices);
  }
}
