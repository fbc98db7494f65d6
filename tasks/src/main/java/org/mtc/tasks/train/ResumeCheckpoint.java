package org.mtc.tasks.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.mtc.core.MtcException;
import org.mtc.core.TaskHead;
import org.mtc.core.io.AtomicFiles;
import org.mtc.core.io.FileTrees;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.io.Safetensors;
import org.mtc.tasks.model.MultitaskModel;

/**
 * A checkpoint a run resumes from: the current weights ({@code model/}, a model directory), the
 * optimizer state of encoder and heads ({@code optimizer.safetensors}) and the loop state ({@code
 * state.json}, written last, with the size and CRC-32 of every other file).
 *
 * <p>Two generations are kept in the run directory: {@value #CURRENT} and {@value #PREVIOUS}. A new
 * one is written completely into a hidden sibling first; then the current one becomes the previous
 * one and the new one the current one, by renames. A crash, a full disk or a damaged file therefore
 * always leaves a complete checkpoint: {@link #usable} checks each generation against its manifest
 * and falls back to the previous one, saying so. Stateless.
 */
public final class ResumeCheckpoint {
  /** The newest checkpoint. */
  public static final String CURRENT = "resume";

  /** The one before it. */
  public static final String PREVIOUS = "resume.previous";

  static final String STAGING = ".resume.tmp";
  static final String STATE = "state.json";
  static final String OPTIMIZER = "optimizer.safetensors";
  static final String MODEL = "model";
  private static final int FORMAT = 1;
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private ResumeCheckpoint() {}

  /** Writes a new current checkpoint of {@code model} and {@code state} into {@code runDir}. */
  static void write(Path runDir, MultitaskModel model, LoopState state) {
    Path staging = runDir.resolve(STAGING);
    try {
      FileTrees.delete(staging);
      Files.createDirectories(staging);
      model.writeTo(staging.resolve(MODEL), null);
      Map<String, FloatTensor> optimizer = new LinkedHashMap<>();
      model.backbone().optimizerState().forEach((k, v) -> optimizer.put("encoder." + k, v));
      for (TaskHead h : model.heads()) {
        h.optimizerState().forEach((k, v) -> optimizer.put("heads." + h.task() + "." + k, v));
      }
      Safetensors.write(staging.resolve(OPTIMIZER), optimizer);
      ObjectNode json = JSON.createObjectNode();
      json.put("format", FORMAT);
      json.set("files", JSON.valueToTree(manifest(staging)));
      json.set("loop", JSON.valueToTree(state));
      AtomicFiles.write(staging.resolve(STATE), out -> out.write(JSON.writeValueAsBytes(json)));
      Path current = runDir.resolve(CURRENT);
      Path previous = runDir.resolve(PREVIOUS);
      if (Files.exists(current)) {
        FileTrees.delete(previous);
        FileTrees.move(current, previous);
      }
      FileTrees.move(staging, current);
    } catch (IOException e) {
      throw new MtcException(
          "could not write the resumable checkpoint in "
              + runDir
              + ": "
              + e.getMessage()
              + " (check the disk has space); the previous checkpoint is kept",
          e);
    } catch (RuntimeException e) {
      try {
        FileTrees.delete(staging);
      } catch (IOException ignored) {
        // a leftover staging directory is replaced by the next save
      }
      throw e;
    }
  }

  /**
   * Removes the checkpoints of a finished run (they are only for continuing an interrupted one).
   */
  static void discard(Path runDir) {
    try {
      for (String name : List.of(CURRENT, PREVIOUS, STAGING)) {
        FileTrees.delete(runDir.resolve(name));
      }
    } catch (IOException e) {
      // harmless: a later run of this directory replaces them
    }
  }

  /**
   * The newest intact checkpoint of {@code runDir}: the current one, else (with a message to {@code
   * log}) the previous one; empty when there is none.
   */
  public static Optional<Path> usable(Path runDir, Consumer<String> log) {
    for (String name : List.of(CURRENT, PREVIOUS)) {
      Path dir = runDir.resolve(name);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      Optional<String> problem = damage(dir);
      if (problem.isEmpty()) {
        return Optional.of(dir);
      }
      log.accept(
          "checkpoint "
              + dir
              + " is damaged ("
              + problem.get()
              + ")"
              + (name.equals(CURRENT)
                  ? "; trying the previous one, " + runDir.resolve(PREVIOUS)
                  : ""));
    }
    return Optional.empty();
  }

  /** The model directory inside a checkpoint. */
  public static Path model(Path checkpoint) {
    return checkpoint.resolve(MODEL);
  }

  /** The loop state of an intact checkpoint. */
  static LoopState state(Path checkpoint) {
    try {
      return JSON.treeToValue(
          JSON.readTree(checkpoint.resolve(STATE).toFile()).path("loop"), LoopState.class);
    } catch (IOException e) {
      throw new MtcException(
          "could not read " + checkpoint.resolve(STATE) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Restores the optimizer state of encoder and heads into {@code model}, opened from this
   * checkpoint.
   */
  static void loadOptimizer(Path checkpoint, MultitaskModel model) {
    Map<String, FloatTensor> all = Safetensors.read(checkpoint.resolve(OPTIMIZER));
    model.backbone().loadOptimizerState(withPrefix(all, "encoder."));
    for (TaskHead h : model.heads()) {
      h.loadOptimizerState(withPrefix(all, "heads." + h.task() + "."));
    }
  }

  private static Map<String, FloatTensor> withPrefix(Map<String, FloatTensor> all, String prefix) {
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    all.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            out.put(k.substring(prefix.length()), v);
          }
        });
    return out;
  }

  /** What is wrong with a checkpoint directory, or empty when every file matches the manifest. */
  static Optional<String> damage(Path dir) {
    Path state = dir.resolve(STATE);
    if (!Files.isRegularFile(state)) {
      return Optional.of("no " + STATE + ": it was not finished");
    }
    Map<String, Map<String, Long>> files;
    try {
      var root = JSON.readTree(state.toFile());
      if (root.path("format").asInt() != FORMAT) {
        return Optional.of("format " + root.path("format") + ", this mtc reads format " + FORMAT);
      }
      files = JSON.convertValue(root.path("files"), new TypeReference<>() {});
      if (files == null || files.isEmpty()) {
        return Optional.of(STATE + " lists no files");
      }
      Map<String, Map<String, Long>> actual = manifest(dir);
      for (var e : files.entrySet()) {
        Map<String, Long> found = actual.get(e.getKey());
        if (found == null) {
          return Optional.of(e.getKey() + " is missing");
        }
        if (!found.equals(e.getValue())) {
          return Optional.of(
              e.getKey()
                  + " has "
                  + found.get("size")
                  + " bytes and CRC-32 "
                  + found.get("crc32")
                  + ", the manifest says "
                  + e.getValue().get("size")
                  + " and "
                  + e.getValue().get("crc32"));
        }
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of("unreadable: " + e.getMessage());
    }
  }

  /** Size and CRC-32 of every file under {@code dir} except the state file, by relative path. */
  private static Map<String, Map<String, Long>> manifest(Path dir) throws IOException {
    Map<String, Map<String, Long>> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
        String name = dir.relativize(p).toString();
        if (name.equals(STATE)) {
          continue;
        }
        CRC32 crc = new CRC32();
        try (InputStream in = Files.newInputStream(p)) {
          byte[] buf = new byte[1 << 16];
          for (int n = in.read(buf); n > 0; n = in.read(buf)) {
            crc.update(buf, 0, n);
          }
        }
        out.put(name, Map.of("size", Files.size(p), "crc32", crc.getValue()));
      }
    }
    return out;
  }
}
