package org.mtc.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mtc.core.MtcException;
import org.mtc.core.io.ExitCleanup;

/**
 * An output file written under a temporary sibling name ({@code .NAME.part-PID}) and renamed into
 * place only when complete, so a run that fails or is killed leaves no half-written output under
 * the real name. A failure, SIGTERM or Ctrl-C deletes the part file; one left by a process that was
 * killed outright (SIGKILL, a crash, a power cut) is deleted by the next run for the same output,
 * once its process no longer runs. An existing output is refused unless overwriting was asked for,
 * before any work starts.
 */
final class StagedOutput {
  private final Path target;
  private final Path staged;
  private final ExitCleanup atExit;

  private StagedOutput(Path target, Path staged) {
    this.target = target;
    this.staged = staged;
    this.atExit = ExitCleanup.register(this::abandon);
  }

  /**
   * Claims {@code target}: checks that it may be written, removes the part files of earlier runs
   * that died, and picks the temporary sibling.
   *
   * @throws MtcException when {@code target} exists and {@code overwrite} is false, or is a
   *     directory
   */
  static StagedOutput claim(Path target, boolean overwrite) {
    Path absolute = target.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      throw new MtcException("output " + target + " is a directory; --output takes a file name");
    }
    refuseExisting(target, overwrite);
    Path parent = absolute.getParent();
    if (!Files.isDirectory(parent)) {
      throw new MtcException(
          "the folder of output " + target + " does not exist; create " + parent + " first");
    }
    removeDeadParts(absolute);
    return new StagedOutput(absolute, partFile(absolute, ProcessHandle.current().pid()));
  }

  /** The part file process {@code pid} writes for {@code target}. */
  static Path partFile(Path target, long pid) {
    return target.resolveSibling("." + target.getFileName() + ".part-" + pid);
  }

  /**
   * Deletes the {@code .NAME.part-PID} files of {@code target} whose process no longer runs (it was
   * killed outright), saying so in one line; those of a running process (an annotate still writing)
   * stay.
   */
  static void removeDeadParts(Path target) {
    Pattern part =
        Pattern.compile(Pattern.quote("." + target.getFileName() + ".part-") + "(\\d{1,18})");
    List<String> removed = new ArrayList<>();
    try (Stream<Path> siblings = Files.list(target.getParent())) {
      for (Path p : (Iterable<Path>) siblings::iterator) {
        Matcher m = part.matcher(p.getFileName().toString());
        if (m.matches()
            && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()
            && Files.isRegularFile(p)) {
          Files.deleteIfExists(p);
          removed.add(p.getFileName().toString());
        }
      }
    } catch (IOException | UncheckedIOException e) {
      return; // best effort: a leftover part file is hidden, and harmless to this run
    }
    if (!removed.isEmpty()) {
      System.err.println(
          "mtc: removed "
              + String.join(", ", removed.stream().sorted().toList())
              + " in "
              + target.getParent()
              + ": the unfinished output of an earlier annotate that was killed (its process no "
              + "longer runs)");
    }
  }

  /**
   * Refuses an existing {@code target} unless {@code overwrite}.
   *
   * @throws MtcException naming the output and --overwrite
   */
  static void refuseExisting(Path target, boolean overwrite) {
    if (Files.exists(target.toAbsolutePath()) && !overwrite) {
      throw new MtcException(
          "output "
              + target
              + " exists; pass --overwrite to replace it, or choose another --output");
    }
  }

  /** Where to write until {@link #commit}. */
  Path staged() {
    return staged;
  }

  /**
   * Moves the complete staged file to the target name (replacing it when overwriting was allowed).
   */
  synchronized void commit() {
    try {
      try {
        Files.move(
            staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new MtcException(
          "could not move the finished output " + staged + " to " + target + ": " + e, e);
    } finally {
      atExit.close();
    }
  }

  /** Deletes the staged file after a failure (or at exit); the target is left as it was. */
  synchronized void abandon() {
    try {
      Files.deleteIfExists(staged);
    } catch (IOException e) {
      // the failure that led here is the one to report
    } finally {
      if (atExit != null) { // null only when the JVM ends during the constructor
        atExit.close();
      }
    }
  }
}
