package org.mtc.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.mtc.core.MtcException;

/**
 * Writes files so that a reader (or a crash) never sees a half-written one: data goes to a temporary file in
 * the same directory, is flushed to disk, then renamed over the target. The temporary file is deleted when the
 * write fails, and when the JVM ends during it (SIGTERM, Ctrl-C; {@link ExitCleanup}). Stateless and thread-safe
 * (two writers of one target race, last rename wins).
 */
public final class AtomicFiles {
  private static final java.util.regex.Pattern TEMPORARY = java.util.regex.Pattern.compile("\\.(.+)\\.\\d+\\.tmp");

  private AtomicFiles() {
  }

  /** Something that writes a whole file to a stream. */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  public static void write(Path target, Writer writer) {
    Path dir = target.toAbsolutePath().getParent();
    var writing = new java.util.concurrent.atomic.AtomicReference<Path>();
    ExitCleanup atExit = ExitCleanup.register(() -> deleteQuietly(writing.get()));
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
      writing.set(tmp);
      if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        // createTempFile makes files owner-only; saved models are meant to be shared like any file.
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      }
      try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE);
          OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel),
              1 << 16)) {
        writer.write(out);
        out.flush();
        channel.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      writing.set(null);
      tmp = null;
    } catch (IOException e) {
      throw new MtcException("could not write " + target + ": " + e.getMessage()
          + " (check the directory exists, is writable and the disk has space)", e);
    } finally {
      atExit.close();
      deleteQuietly(tmp);
    }
  }

  private static void deleteQuietly(Path tmp) {
    if (tmp == null) {
      return;
    }
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException ignored) {
      // best effort: the temporary file is hidden and harmless
    }
  }

  /**
   * The name of the file that {@code name} is the temporary file of ({@code .NAME.DIGITS.tmp}, as {@link #write}
   * creates it): such a file is left only by a process killed outright during the write.
   */
  public static java.util.Optional<String> temporaryOf(String name) {
    java.util.regex.Matcher m = TEMPORARY.matcher(name);
    return m.matches() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
  }

  public static void writeString(Path target, String text) {
    write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }
}
