package org.mtc.tasks.model;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Consumer;
import org.mtc.core.MtcException;
import org.mtc.core.io.FileTrees;

/**
 * Replaces a whole directory so that a crash never leaves it half-written: the new content is
 * written into a hidden temporary sibling ({@code .NAME.tmp}); only once that is complete is the
 * old directory renamed to {@code .NAME.old}, the new one renamed into place and the old one
 * deleted. If a run dies between the two renames, {@link #recover} (called by the next {@link
 * #replace}) moves {@code .NAME.old} back; readers never move anything: {@link #readable} points
 * them at the complete version.
 *
 * <p>Stateless; two writers of one directory at once are not supported.
 */
public final class Checkpoints {
  private Checkpoints() {}

  /** The hidden sibling a new version is written into. */
  public static Path temporary(Path target) {
    return sibling(target, ".tmp");
  }

  /** The hidden sibling the previous version waits in during the swap. */
  public static Path previous(Path target) {
    return sibling(target, ".old");
  }

  /**
   * Writes a new version of {@code target}: {@code writer} fills an empty temporary directory; if
   * it throws, the temporary directory is removed and {@code target} is untouched.
   */
  public static void replace(Path target, Consumer<Path> writer) {
    Path tmp = temporary(target);
    Path old = previous(target);
    try {
      recover(target);
      deleteRecursively(tmp);
      Files.createDirectories(tmp);
    } catch (IOException e) {
      throw new MtcException(
          "could not prepare "
              + tmp
              + ": "
              + e.getMessage()
              + " (check the output directory is writable)",
          e);
    }
    try {
      writer.accept(tmp);
    } catch (RuntimeException | Error e) {
      deleteQuietly(tmp);
      throw e;
    }
    try {
      deleteRecursively(old);
      if (Files.exists(target)) {
        FileTrees.move(target, old);
      }
      FileTrees.move(tmp, target);
      deleteRecursively(old);
    } catch (IOException e) {
      throw new MtcException(
          "could not move the new checkpoint "
              + tmp
              + " into place at "
              + target
              + ": "
              + e.getMessage()
              + (Files.exists(old) ? "; the previous checkpoint is in " + old : ""),
          e);
    }
  }

  /**
   * Repairs a swap interrupted between its two renames: when {@code target} is missing and its
   * {@code .old} sibling exists, moves the sibling back. A stale {@code .old} next to a complete
   * target is deleted.
   */
  public static void recover(Path target) throws IOException {
    Path old = previous(target);
    if (!Files.exists(old)) {
      return;
    }
    if (Files.exists(target)) {
      deleteRecursively(old);
    } else {
      FileTrees.move(old, target);
    }
  }

  /**
   * The complete version of {@code target} to read, changing nothing on disk: {@code target}
   * itself, or, while a swap interrupted between its two renames has left it missing, its {@code
   * .old} sibling.
   */
  public static Path readable(Path target) {
    Path old = previous(target);
    return !Files.exists(target) && Files.isDirectory(old) ? old : target;
  }

  private static Path sibling(Path target, String suffix) {
    Path abs = target.toAbsolutePath().normalize();
    return abs.resolveSibling("." + abs.getFileName() + suffix);
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
            if (exc != null && !(exc instanceof NoSuchFileException)) {
              throw exc;
            }
            Files.deleteIfExists(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void deleteQuietly(Path dir) {
    try {
      deleteRecursively(dir);
    } catch (IOException ignored) {
      // best effort: a hidden temporary directory is harmless and removed by the next save
    }
  }
}
