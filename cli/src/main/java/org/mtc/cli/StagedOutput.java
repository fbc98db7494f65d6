package org.mtc.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.mtc.core.MtcException;

/**
 * An output file written under a temporary sibling name and renamed into place only when complete, so a run that
 * fails or is killed leaves no half-written output under the real name (at most a {@code .NAME.part-*} file).
 * An existing output is refused unless overwriting was asked for, before any work starts.
 */
final class StagedOutput {
  private final Path target;
  private final Path staged;

  private StagedOutput(Path target, Path staged) {
    this.target = target;
    this.staged = staged;
  }

  /**
   * Claims {@code target}: checks that it may be written and picks the temporary sibling.
   *
   * @throws MtcException when {@code target} exists and {@code overwrite} is false, or is a directory
   */
  static StagedOutput claim(Path target, boolean overwrite) {
    Path absolute = target.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      throw new MtcException("output " + target + " is a directory; --output takes a file name");
    }
    refuseExisting(target, overwrite);
    Path parent = absolute.getParent();
    if (!Files.isDirectory(parent)) {
      throw new MtcException("the folder of output " + target + " does not exist; create " + parent + " first");
    }
    return new StagedOutput(absolute, parent.resolve("." + absolute.getFileName() + ".part-" + ProcessHandle.current().pid()));
  }

  /**
   * Refuses an existing {@code target} unless {@code overwrite}.
   *
   * @throws MtcException naming the output and --overwrite
   */
  static void refuseExisting(Path target, boolean overwrite) {
    if (Files.exists(target.toAbsolutePath()) && !overwrite) {
      throw new MtcException("output " + target + " exists; pass --overwrite to replace it, or choose another --output");
    }
  }

  /** Where to write until {@link #commit}. */
  Path staged() {
    return staged;
  }

  /** Moves the complete staged file to the target name (replacing it when overwriting was allowed). */
  void commit() {
    try {
      try {
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new MtcException("could not move the finished output " + staged + " to " + target + ": " + e, e);
    }
  }

  /** Deletes the staged file after a failure; the target is left as it was. */
  void abandon() {
    try {
      Files.deleteIfExists(staged);
    } catch (IOException e) {
      // the failure that led here is the one to report
    }
  }
}
