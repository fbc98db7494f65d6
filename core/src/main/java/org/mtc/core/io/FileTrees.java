package org.mtc.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** Whole directory trees: deleting one, and moving one by rename. Stateless and thread-safe. */
public final class FileTrees {
  private FileTrees() {}

  /** Deletes {@code path} and everything below it; nothing happens when it does not exist. */
  public static void delete(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Deletes {@code path} and everything below it while another thread may still write there (at JVM
   * exit, the thread that was writing still runs): a file created meanwhile or a directory renamed
   * away fails one pass, so it tries again, for about a second in all.
   *
   * @return whether {@code path} is gone
   */
  public static boolean deleteRacing(Path path) {
    for (int attempt = 0; attempt < 20; attempt++) {
      try {
        delete(path);
        if (!Files.exists(path)) {
          return true;
        }
      } catch (IOException | UncheckedIOException e) {
        // something changed under the walk; look again
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return !Files.exists(path);
  }

  /** Renames {@code from} to {@code to}, atomically where the file system allows it. */
  public static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }
}
