package org.mtc.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mtc.core.MtcException;

/**
 * Writes files so that a reader (or a crash) never sees a half-written one: data goes to a
 * temporary file in the same directory, is flushed to disk, then renamed over the target. The
 * temporary file is deleted when the write fails, and when the JVM ends during it (SIGTERM, Ctrl-C;
 * {@link ExitCleanup}). Stateless and thread-safe (two writers of one target race, last rename
 * wins).
 */
public final class AtomicFiles {
  private static final Pattern TEMPORARY = Pattern.compile("\\.(.+)\\.\\d+\\.tmp");

  private AtomicFiles() {}

  /** Something that writes a whole file to a stream. */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  public static void write(Path target, Writer writer) {
    Path dir = target.toAbsolutePath().getParent();
    var writing = new AtomicReference<Path>();
    ExitCleanup atExit = ExitCleanup.register(() -> deleteQuietly(writing.get()));
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
      writing.set(tmp);
      if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        // createTempFile makes files owner-only; saved models are meant to be shared like any file.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      try (var channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
        writer.write(out);
        out.flush();
        channel.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      writing.set(null);
      tmp = null;
    } catch (IOException e) {
      throw new MtcException(
          "could not write "
              + target
              + ": "
              + e.getMessage()
              + " (check the directory exists, is writable and the disk has space)",
          e);
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
   * The name of the file that {@code name} is the temporary file of ({@code .NAME.DIGITS.tmp}, as
   * {@link #write} creates it): such a file is left only by a process killed outright during the
   * write.
   */
  public static Optional<String> temporaryOf(String name) {
    Matcher m = TEMPORARY.matcher(name);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  public static void writeString(Path target, String text) {
    write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }
}
