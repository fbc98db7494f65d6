package org.mtc.core.engine;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.mtc.core.MtcException;

/**
 * What one {@link Importer#importTo} call writes: the target directory {@code out}, the source
 * directory {@code from} for importers that derive from one ({@link Importer#source()}), and
 * whether an existing non-empty {@code out} may be replaced. Immutable.
 */
public record ImportRequest(Path out, Optional<Path> from, boolean overwrite) {
  public ImportRequest {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(from, "from");
  }

  /** An import of shipped weights into {@code out}, refusing a non-empty directory. */
  public static ImportRequest into(Path out) {
    return new ImportRequest(out, Optional.empty(), false);
  }

  /**
   * The source directory.
   *
   * @throws org.mtc.core.MtcException naming {@code importer} and what it needs when there is none
   */
  public Path requireFrom(Importer importer) {
    return from.orElseThrow(
        () ->
            new MtcException(
                "importer "
                    + importer.name()
                    + " needs a source directory: "
                    + importer.source().orElse("a backbone directory")));
  }
}
