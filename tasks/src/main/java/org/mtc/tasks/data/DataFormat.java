package org.mtc.tasks.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.mtc.core.MtcException;
import org.mtc.core.settings.DidYouMean;
import org.mtc.core.task.TaskSpec;

/** The file formats a split may be written in. */
enum DataFormat {
  /** Tab-separated, header row, CSV quoting where needed. */
  TSV,
  /** Comma-separated, header row, CSV quoting. */
  CSV,
  /** One JSON object per line. */
  JSONL;

  /** Extensions tried, in order, for a split file named without one. */
  static final List<String> EXTENSIONS = List.of(".tsv", ".csv", ".jsonl");

  /**
   * The format of {@code file}: {@code spec.format()} unless it is {@code auto}, else by extension.
   */
  static DataFormat of(TaskSpec spec, Path file) {
    String declared = spec.format().toLowerCase(Locale.ROOT);
    if (!declared.equals("auto")) {
      for (DataFormat f : values()) {
        if (f.name().toLowerCase(Locale.ROOT).equals(declared)) {
          return f;
        }
      }
      List<String> known = List.of("auto", "tsv", "csv", "jsonl");
      throw new MtcException(
          spec.where()
              + ": unknown format '"
              + spec.format()
              + "' of task '"
              + spec.name()
              + "'"
              + DidYouMean.suggest(declared, known)
              + "; use one of "
              + String.join(", ", known));
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".tsv") || name.endsWith(".tab")) {
      return TSV;
    }
    if (name.endsWith(".csv")) {
      return CSV;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return JSONL;
    }
    throw new MtcException(
        file
            + ": cannot tell the format of this file from its extension (task '"
            + spec.name()
            + "', "
            + spec.where()
            + "); name it .tsv, .csv or .jsonl, or set format = tsv | csv | jsonl in the task entry");
  }
}
