package org.mtc.core.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.mtc.core.MtcException;
import org.mtc.core.model.HfBackboneDirectory;

/**
 * A hidden temporary directory beside a target directory, filled by the caller and then renamed
 * onto the target, so that readers see either no directory or a complete one. {@link #close}
 * deletes the staging directory if it was not published, and so does the end of the JVM (SIGTERM,
 * Ctrl-C) before either, through {@link ExitCleanup}. One thread writes; concurrent publishers of
 * one target race safely (one rename wins, see {@link #publishIfAbsent}).
 */
public final class StagedDirectory implements AutoCloseable {
  /**
   * What an import writes into a backbone directory: {@link #refuseNonEmpty} replaces nothing else.
   */
  public static final Set<String> BACKBONE_ENTRIES =
      Set.of(
          HfBackboneDirectory.CONFIG,
          HfBackboneDirectory.WEIGHTS,
          HfBackboneDirectory.TOKENIZER,
          "1_Pooling");

  private final Path target;
  private final ExitCleanup atExit;
  private Path staging; // guarded by this; set once, in the constructor
  private boolean published;
  private boolean closed;

  /**
   * Registers the cleanup first, so that no moment is left where the JVM could end and leave the
   * directory.
   */
  private StagedDirectory(Path target) throws IOException {
    this.target = target;
    this.atExit = ExitCleanup.register(this::close);
    try {
      Files.createDirectories(target.getParent());
      synchronized (this) {
        staging =
            Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".staging-");
      }
    } catch (IOException | RuntimeException e) {
      atExit.close();
      throw e;
    }
  }

  /**
   * Creates the staging directory next to {@code target} (same file system, so the final rename is
   * atomic).
   */
  public static StagedDirectory beside(Path target) {
    Path abs = target.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    try {
      return new StagedDirectory(abs);
    } catch (IOException e) {
      throw new MtcException(
          "could not create a directory next to "
              + abs
              + ": "
              + e.getMessage()
              + " (check that "
              + parent
              + " is writable and the disk has space)",
          e);
    }
  }

  /** Where the caller writes the files. */
  public synchronized Path path() {
    return staging;
  }

  /**
   * Refuses to import into {@code outDir} when it exists and is not empty, unless {@code
   * overwrite}; even then a file, or a directory holding anything an import does not write ({@link
   * #BACKBONE_ENTRIES}: a data folder, a home directory, a Hugging Face download with its extra
   * files), is never replaced.
   *
   * @throws MtcException naming the directory and the ways out
   */
  public static void refuseNonEmpty(Path outDir, boolean overwrite) {
    if (!nonEmpty(outDir)) {
      return;
    }
    if (!overwrite) {
      throw new MtcException(
          outDir
              + " already exists and is not empty; choose another --out or pass "
              + "--overwrite");
    }
    if (!Files.isDirectory(outDir)) {
      throw new MtcException(
          "--out "
              + outDir
              + " is a file, not a backbone directory, and is never replaced, even "
              + "with --overwrite; choose a new or empty directory");
    }
    List<String> foreign;
    try (Stream<Path> entries = Files.list(outDir)) {
      foreign =
          entries
              .map(p -> p.getFileName().toString())
              .filter(
                  n ->
                      !BACKBONE_ENTRIES.contains(n)
                          && !AtomicFiles.temporaryOf(n)
                              .filter(BACKBONE_ENTRIES::contains)
                              .isPresent())
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new MtcException("could not list " + outDir + ": " + e.getMessage(), e);
    }
    if (!foreign.isEmpty()) {
      throw new MtcException(
          "--out "
              + outDir
              + " holds files that no mtc import writes ("
              + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
              + (foreign.size() > 5 ? ", ..." : "")
              + "), so it is not "
              + "a backbone directory and is never replaced, even with --overwrite; choose a new or empty directory");
    }
  }

  /** Whether {@code dir} exists and holds at least one entry. */
  public static boolean nonEmpty(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Files.exists(dir);
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      return entries.iterator().hasNext();
    } catch (IOException e) {
      throw new MtcException("could not list " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Renames the staging directory onto the target. An empty target directory is replaced; a
   * non-empty one only when {@code overwrite} (it is moved aside, replaced, then deleted).
   *
   * @throws MtcException if the target is not empty and {@code overwrite} is false
   */
  public synchronized void publish(boolean overwrite) {
    try {
      makeReadable();
      if (nonEmpty(target)) {
        if (!overwrite) {
          throw new MtcException(
              target
                  + " already exists and is not empty; choose another directory or "
                  + "allow overwriting (--overwrite)");
        }
        Path old =
            target.resolveSibling("." + target.getFileName() + ".replaced-" + UUID.randomUUID());
        rename(target, old);
        rename(staging, target);
        published();
        deleteTree(old);
        return;
      }
      Files.deleteIfExists(target);
      rename(staging, target);
      published();
    } catch (IOException e) {
      throw new MtcException(
          "could not move the new directory into " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Renames the staging directory onto the target unless another writer got there first.
   *
   * @return false if the target already existed (not empty); the staging directory is then left for
   *     close
   */
  public synchronized boolean publishIfAbsent() {
    try {
      makeReadable();
      if (Files.isDirectory(target) && !nonEmpty(target)) {
        Files.deleteIfExists(target);
      }
      rename(staging, target);
      published();
      return true;
    } catch (IOException e) {
      if (nonEmpty(target)) {
        return false;
      }
      throw new MtcException(
          "could not move the new directory into " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Temporary directories and files are created owner-only (0700/0600); a published model is
   * ordinary data, so give it the usual rwxr-xr-x / rw-r--r-- where the file system has POSIX
   * permissions.
   */
  private void makeReadable() throws IOException {
    if (!staging.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    try (Stream<Path> all = Files.walk(staging)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
  }

  private static void rename(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  private void published() {
    published = true;
    atExit.close();
  }

  /** Deletes the staging directory unless it was published. */
  @Override
  public synchronized void close() {
    if (!published && !closed && staging != null) {
      FileTrees.deleteRacing(staging);
    }
    closed = true;
    if (atExit != null) { // null only when the JVM ends during the constructor
      atExit.close();
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // best effort: a hidden leftover directory does no harm and names itself
    }
  }
}
