package org.mtc.tasks.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.mtc.tasks.model.ModelFormat;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.model.TasksConf;

/**
 * What a composed model carries over from its source model directory unchanged: {@code backbone/}
 * byte for byte, and the record files ({@code mtc-model.json}, {@code settings.conf}, {@code
 * train.log}, records of the run that trained the encoder); and which files of the source it leaves
 * out (anything that is not part of a model directory, e.g. an export placed inside it). The heads,
 * {@code tasks.conf}, {@code metrics.json} and {@code provenance.json} are the operation's to
 * write. Stateless.
 */
final class CarriedFiles {
  /** Files of a model directory copied as they are. */
  private static final List<String> RECORDS =
      List.of(ModelFormat.FILE, MultitaskModel.SETTINGS_FILE, "train.log");

  private CarriedFiles() {}

  /**
   * Copies {@code modelDir}'s backbone directory and record files into the new model directory
   * {@code dir}, byte for byte.
   */
  static void copy(Path modelDir, Path dir) throws IOException {
    Path from = modelDir.resolve(MultitaskModel.BACKBONE_DIR);
    Path to = dir.resolve(MultitaskModel.BACKBONE_DIR);
    List<Path> all;
    try (Stream<Path> walk = Files.walk(from)) {
      all = walk.sorted().toList();
    }
    for (Path p : all) {
      Path target = to.resolve(from.relativize(p).toString());
      if (Files.isDirectory(p)) {
        Files.createDirectories(target);
      } else {
        Files.copy(p, target);
      }
    }
    for (String record : RECORDS) {
      if (Files.isRegularFile(modelDir.resolve(record))) {
        Files.copy(modelDir.resolve(record), dir.resolve(record));
      }
    }
  }

  /** The files of {@code modelDir} that a composed model does not carry over, by name, sorted. */
  static List<String> leftOut(Path modelDir) throws IOException {
    Set<String> carried = new LinkedHashSet<>(RECORDS);
    carried.addAll(
        List.of(
            MultitaskModel.BACKBONE_DIR,
            MultitaskModel.HEADS_FILE,
            MultitaskModel.METRICS_FILE,
            TasksConf.FILE,
            Provenance.FILE));
    List<String> out = new ArrayList<>();
    try (Stream<Path> entries = Files.list(modelDir)) {
      entries
          .map(p -> p.getFileName().toString())
          .filter(n -> !carried.contains(n) && !n.startsWith("."))
          .sorted()
          .forEach(out::add);
    }
    return out;
  }
}
