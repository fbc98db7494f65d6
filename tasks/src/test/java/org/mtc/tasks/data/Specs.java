package org.mtc.tasks.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.mtc.core.TaskKind;
import org.mtc.core.task.TaskSpec;

/** Test helpers: task specs with the reference defaults and small files. */
final class Specs {
  static final String WHERE = "tasks.conf:7";

  private Specs() {}

  static TaskSpec single(String data, String... labels) {
    return new TaskSpec(
        "t",
        TaskKind.SINGLE_LABEL,
        data,
        "train",
        "dev",
        "test",
        "auto",
        "text",
        "",
        "label",
        "|",
        List.of(labels),
        WHERE,
        List.of());
  }

  static TaskSpec multi(String data, String... labels) {
    return new TaskSpec(
        "m",
        TaskKind.MULTI_LABEL,
        data,
        "train",
        "dev",
        "test",
        "auto",
        "text",
        "",
        "labels",
        "|",
        List.of(labels),
        WHERE,
        List.of());
  }

  static Path write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
